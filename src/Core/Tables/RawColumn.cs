namespace MatchModels.Core.Tables;

/// <summary>
/// A column as it came out of a file, before it is checked against the schema: CSV gives strings,
/// Parquet gives arrays of its physical type (string?[], int?[], long?[], double?[], float?[], bool?[], DateTime?[]).
/// </summary>
public sealed record RawColumn(string Name, Array Values, string FoundType);

/// <summary>
/// A file read into raw columns, all of <see cref="RowCount"/> rows; <see cref="SkippedRows"/> are data rows dropped as
/// unreadable. <see cref="DataRows"/> holds the 1-based data row in the file of each row kept, when rows were dropped,
/// so that problems found later still name the row as the file numbers it.
/// </summary>
public sealed record RawTable(string File, int RowCount, IReadOnlyList<RawColumn> Columns, int SkippedRows = 0, IReadOnlyList<long>? DataRows = null)
{
    public long DataRow(int index) => DataRows is null ? index + 1 : DataRows[index];
}

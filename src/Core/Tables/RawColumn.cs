namespace MatchModels.Core.Tables;

/// <summary>
/// A column as it came out of a file, before it is checked against the schema: CSV gives strings,
/// Parquet gives arrays of its physical type (string?[], int?[], long?[], double?[], float?[], bool?[], DateTime?[]).
/// </summary>
public sealed record RawColumn(string Name, Array Values, string FoundType);

/// <summary>A file read into raw columns, all of <see cref="RowCount"/> rows; <see cref="SkippedRows"/> are data rows dropped as unreadable.</summary>
public sealed record RawTable(string File, int RowCount, IReadOnlyList<RawColumn> Columns, int SkippedRows = 0);

using MatchModels.Core.Schemas;

namespace MatchModels.Core.Import;

/// <summary>
/// How an HR-system export becomes a programme history: per history table the export file that feeds it and, per
/// column of that table, where its values come from. Read from a mapping file by <see cref="ReadImportMapping"/>.
/// <c>File</c> is the mapping file as the caller named it, for messages.
/// </summary>
public sealed record ImportMapping(string File, IReadOnlyList<TableMapping> Tables);

/// <summary>One history table: the export file (relative to the export folder) and its columns' mappings.</summary>
public sealed record TableMapping(TableSchema Schema, string SourceFile, IReadOnlyList<ColumnMapping> Columns, int Line);

/// <summary>
/// One column of a history table. Exactly one of <see cref="Source"/> and <see cref="Constant"/> is set. A value map
/// (<see cref="Values"/>) turns each export value into the history's; with <see cref="Split"/> a cell is a list and
/// the map applies to each item; a value mapped to null is a missing value. <see cref="Empty"/> is written, as the
/// history reads it, where the export cell is empty (a mentee's blank capacity as 0). <see cref="DateFormats"/> read dates in <see cref="TimeZone"/> (UTC when not stated).
/// <c>Path</c> is the column's key path in the mapping file (<c>tables.participants.columns.job_level</c>) and
/// <c>Line</c> the line of that key, for messages.
/// </summary>
public sealed record ColumnMapping(
    ColumnSpec Target,
    string Path,
    int Line,
    string? Source,
    string? Constant,
    IReadOnlyDictionary<string, string?>? Values,
    IReadOnlyList<string>? DateFormats,
    TimeZoneInfo? TimeZone,
    string? Split,
    string? Empty = null);

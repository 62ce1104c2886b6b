using MatchModels.Core.Validation;

namespace MatchModels.Core.Import;

/// <summary>One history table as imported: the export file it came from, its rows, the file written.</summary>
public sealed record ImportedTable(string Table, string SourceFile, int Rows);

/// <summary>
/// An export value that a column's value map does not have: an error, as nothing would say what it means.
/// <c>FirstRows</c> are the first data rows (1-based, as the export numbers them) where it occurs.
/// </summary>
public sealed record UnmappedValue(string Table, string File, string Column, string Target, string Value, int Count, IReadOnlyList<long> FirstRows);

/// <summary>An export column the mapping does not read: a notice, with how many of its cells hold a value.</summary>
public sealed record UnusedColumn(string Table, string File, string Column, int NonEmpty);

/// <summary>
/// What an import found and did. <see cref="Written"/> only when there was not a single unmapped value or problem:
/// then the history is in the output folder, validated as <c>data validate</c> validates it; otherwise nothing is.
/// Problems name the export file, its data row and the export column with the history column it feeds.
/// </summary>
public sealed record ImportReport(
    string Source,
    string Output,
    bool Written,
    IReadOnlyList<ImportedTable> Tables,
    IReadOnlyList<UnmappedValue> Unmapped,
    IReadOnlyList<UnusedColumn> Unused,
    IReadOnlyList<ValidationProblem> Problems,
    long ProblemCount);

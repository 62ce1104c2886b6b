namespace MatchModels.Core.Profiling;

/// <summary>A first look at a history: each table's columns, and outcome rates by cohort.</summary>
public sealed record HistoryProfile(IReadOnlyList<TableProfile> Tables, IReadOnlyList<CohortOutcomes> Cohorts);

public sealed record TableProfile(string Table, string File, int Rows, IReadOnlyList<ColumnProfile> Columns);

/// <summary>One column: missing values and, by type, a numeric summary, the most frequent values, or the time range.</summary>
public sealed record ColumnProfile(
    string Name,
    string Type,
    int Nulls,
    int? Distinct,
    NumericSummary? Numeric,
    IReadOnlyList<CategoryCount>? TopValues,
    TimeRange? Times);

/// <summary>Quantiles by linear interpolation between order statistics (Hyndman and Fan type 7).</summary>
public sealed record NumericSummary(double Min, double P05, double P25, double Median, double P75, double P95, double Max, double Mean);

public sealed record CategoryCount(string Value, int Count, double Share);

public sealed record TimeRange(DateTime Min, DateTime Max);

/// <summary>
/// How a cohort's pairs turned out. Rates are over the cohort's pairs; drop-out counts mentee_dropped and
/// mentor_dropped; satisfaction is the mean over surveyed pairs.
/// </summary>
public sealed record CohortOutcomes(
    string CohortId,
    DateTime FirstMatch,
    int Pairs,
    double AcceptedRate,
    double CompletedRate,
    double DroppedRate,
    double StillRunningRate,
    double MeanSessions,
    double? MeanMenteeSatisfaction);

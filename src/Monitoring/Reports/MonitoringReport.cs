using MatchModels.Monitoring.Performance;
using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Reports;

/// <summary>
/// What <c>matchmodels monitor</c> found for one model version over a span of its prediction log: where the reference
/// came from, which log rows and outcomes were used or set aside (and why), each window's drift and performance, and the
/// change detectors' alarms over the joined rows' loss stream.
/// </summary>
public sealed record MonitoringReport(
    string Model,
    int Version,
    string Task,
    DateTime GeneratedAtUtc,
    string Window,
    DateTime? SinceUtc,
    DateTime? UntilUtc,
    ReferenceSummary Reference,
    LogSummary Log,
    OutcomeSummary Outcomes,
    IReadOnlyDictionary<string, double> TestMetrics,
    IReadOnlyList<WindowReport> Windows,
    IReadOnlyList<FeatureDistribution> LatestDistributions,
    DetectorReport Detectors,
    IReadOnlyList<string> EstimateAssumptions,
    IReadOnlyList<string> Notes,
    string Time = "logged");

/// <summary>
/// The reference the windows were compared with: <see cref="ReferenceSource.Sample"/> (the version's seeded training
/// sample and out-of-fold predictions) or <see cref="ReferenceSource.Deciles"/> (an older version's summary profile,
/// against which only PSI per feature can be computed: no prediction drift, no multivariate drift).
/// </summary>
public sealed record ReferenceSummary(ReferenceSource Source, int FeatureRows, int PredictionRows, string Description);

public enum ReferenceSource
{
    Sample,
    Deciles,
}

/// <summary>
/// How the log's rows were used. <see cref="Monitored"/> rows are the version's primary rows plus its own shadow rows;
/// every other row read is counted by why it was set aside, never mixed in (<see cref="Malformed"/>: a feature vector of
/// another width than the version's, or a probability outside [0, 1]).
/// </summary>
public sealed record LogSummary(
    int RowsRead,
    int Monitored,
    int MonitoredShadow,
    int OtherModels,
    int OtherVersions,
    int OutsideSpan,
    int Malformed,
    IReadOnlyDictionary<string, int> OtherModelRows,
    IReadOnlyDictionary<int, int> OtherVersionRows,
    int WithoutAsOf = 0);

/// <summary>
/// How the outcomes were joined: <see cref="JoinedRows"/> monitored rows got a label. Outcomes are counted when they name
/// no monitored row (<see cref="Unknown"/>), repeat an outcome already used for the same key (<see cref="Duplicates"/>,
/// the first kept), are dated before every prediction they name (<see cref="BeforePrediction"/>, refused: an outcome
/// cannot be observed before the pair was scored), or carry no label for this model's task (<see cref="WithoutLabel"/>).
/// </summary>
public sealed record OutcomeSummary(int Read, int Used, int JoinedRows, int Unknown, int Duplicates, int BeforePrediction, int WithoutLabel, IReadOnlyList<string> Sources);

/// <summary>One window: its rows, and what could be computed on them (null parts could not: an empty window, no labels, no sample).</summary>
public sealed record WindowReport(
    string Label,
    DateTime Start,
    DateTime End,
    int Rows,
    int Labelled,
    bool Empty,
    DatasetDriftResult? DataDrift,
    FeatureDriftResult? PredictionDrift,
    MultivariateDrift? Multivariate,
    RealisedPerformance? Realised,
    EstimatedPerformance? Estimated);

/// <summary>The domain classifier's cross-validated AUC of reference vs window rows, and its verdict.</summary>
public sealed record MultivariateDrift(string Method, double Auc, double Threshold, bool Drifted, int ReferenceRows, int WindowRows);

/// <summary>One drifting feature of the latest non-empty window: shares of reference and window rows in the same bins, for a chart.</summary>
public sealed record FeatureDistribution(string Feature, double[] Edges, double[] ReferenceShares, double[] WindowShares);

/// <summary>
/// ADWIN and Page–Hinkley over the per-prediction squared error (p − y)² of the joined rows in time order: a 0/1 loss makes
/// Page–Hinkley with its default λ raise false alarms (docs/monitoring.md), the squared error does not.
/// </summary>
public sealed record DetectorReport(
    string Loss, int Values, IReadOnlyList<LossAlarm> Adwin, IReadOnlyList<LossAlarm> PageHinkley, double[] LossTrace, CalibrationDriftReport? Calibration = null);

/// <summary>
/// ADWIN at <paramref name="Delta"/> over the same joined rows' signed residual y − p (<see cref="Detectors.CalibrationDrift"/>):
/// a change in calibration, in either direction. <paramref name="ResidualTrace"/> is the mean residual of consecutive rows, for the chart.
/// </summary>
public sealed record CalibrationDriftReport(double Delta, IReadOnlyList<LossAlarm> Alarms, double[] ResidualTrace);

/// <summary>An alarm placed in time: the positions in the loss stream, the times of those rows and their windows.</summary>
public sealed record LossAlarm(long DetectedAt, long ChangeAt, DateTime DetectedAtUtc, DateTime ChangeAtUtc, string DetectedInWindow, string ChangeInWindow);

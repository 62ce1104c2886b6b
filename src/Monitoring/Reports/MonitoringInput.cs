using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Detectors;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Reports;

/// <summary>What the report needs to know of the monitored version: its feature layout and kinds, threshold, test metrics and seed.</summary>
public sealed record MonitoredVersion(
    string Name,
    int Version,
    string Task,
    double Threshold,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<FeatureKind> Kinds,
    IReadOnlyDictionary<string, double> TestMetrics,
    int Seed);

/// <summary>An observed outcome with this model's label (success for pair-success, drop-out for drop-out), and where it came from.</summary>
public sealed record LabelledOutcome(string? PairId, string? RequestId, bool? Label, DateTime ObservedAtUtc, string Source);

/// <summary>
/// Everything <see cref="BuildMonitoringReport"/> computes from, already read: the reference (a sample, or for older
/// versions only the summary profile), every log row read over the span (all models, versions and roles: the report
/// sorts them), the outcomes in the order they are trusted (the log's own first, then a file's), the window and drift
/// settings (the domain classifier's, or none with <c>MultivariateOff</c>), a note saying where the settings came from,
/// which time of a row (<see cref="RowTime"/>) places it in the span and the windows and before its outcome, and the
/// calibration-drift detector's δ (null turns it off).
/// </summary>
public sealed record MonitoringInput(
    MonitoredVersion Model,
    ReferenceSample? Sample,
    FeatureReference? Profile,
    IReadOnlyList<PredictionRecord> Log,
    IReadOnlyList<LabelledOutcome> Outcomes,
    IReadOnlyList<string> OutcomeSources,
    WindowSpec Window,
    DateTime? SinceUtc,
    DateTime? UntilUtc,
    DateTime NowUtc,
    DriftOptions? Drift = null,
    DomainClassifierOptions? DomainClassifier = null,
    bool MultivariateOff = false,
    string? SettingsNote = null,
    RowTime Time = RowTime.Logged,
    double? CalibrationDelta = Adwin.DefaultDelta);

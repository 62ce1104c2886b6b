using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Detectors;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Settings;

/// <summary>
/// How one model is monitored and retrained: a pipeline's <c>monitoring:</c> section, read strictly by Training, kept
/// with each registered version as <see cref="MonitoringSettingsFile.FileName"/> so that <c>monitor</c> and
/// <c>retrain</c> read it without YAML or ML.NET.
/// </summary>
/// <param name="Window">How the log is cut into windows (<c>monitor --window</c> overrides it).</param>
/// <param name="Drift">Drift methods and thresholds, for every feature and per feature, and the drift share.</param>
/// <param name="DomainClassifierThreshold">Multivariate drift when the domain classifier's AUC exceeds this; null turns the check off.</param>
/// <param name="Alerts">The alert rules, each with its numbers.</param>
/// <param name="Retraining">The retraining policy; null when the model is never retrained by <c>retrain</c>.</param>
/// <param name="CalibrationDelta">
/// ADWIN's δ over the signed residuals (<see cref="CalibrationDrift"/>); null turns that detector off. Settings kept before it
/// existed read as the default.
/// </param>
public sealed record MonitoringSettings(
    WindowSpec Window,
    DriftOptions Drift,
    double? DomainClassifierThreshold,
    IReadOnlyList<AlertRule> Alerts,
    RetrainingPolicy? Retraining,
    double? CalibrationDelta = Adwin.DefaultDelta)
{
    /// <summary>Weekly windows: enough predictions a window in a programme matching a few hundred pairs a month (and <c>monitor</c>'s default).</summary>
    public static MonitoringSettings Default { get; } = new(
        WindowSpec.Week, DriftOptions.Default, DomainClassifierOptions.Default.Threshold, AlertRule.Defaults, null);

    // Equal when they say the same: DriftOptions and the lists compare by reference, and a pipeline read twice must
    // give equal specs (PipelineSpec's resolved YAML reads back to an equal one).
    public bool Equals(MonitoringSettings? other) => other is not null && MonitoringSettingsFile.ToJson(this) == MonitoringSettingsFile.ToJson(other);

    public override int GetHashCode() => MonitoringSettingsFile.ToJson(this).GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// When <c>matchmodels retrain</c> trains a new version, on what, and who decides. Each trigger left null is not applied;
/// a policy with none is never triggered.
/// </summary>
/// <param name="DatasetDrift">Dataset drift in at least M of the last N non-empty windows of the latest report.</param>
/// <param name="RealisedAucDrop">A window's realised AUC at least δ below the version's test AUC, over at least n labels.</param>
/// <param name="EstimatedAucFloor">A window's label-free (CBPE) AUC estimate below this.</param>
/// <param name="EveryDays">A schedule: retrain when the champion is at least this many days old.</param>
/// <param name="CooldownDays">No retraining within this many days of the last one the loop started.</param>
/// <param name="Data">The folder holding the latest programme export (the four history tables); <c>retrain --data</c> overrides it.</param>
/// <param name="RequireApproval">True: a new version waits as a candidate until a person approves or rejects it.</param>
public sealed record RetrainingPolicy(
    DatasetDriftTrigger? DatasetDrift,
    AucDropTrigger? RealisedAucDrop,
    double? EstimatedAucFloor,
    int? EveryDays,
    int CooldownDays,
    string? Data,
    bool RequireApproval = true)
{
    /// <summary>A week: long enough for a retrained model's first predictions to be logged and judged before the next one.</summary>
    public const int DefaultCooldownDays = 7;
}

/// <summary>Dataset drift in at least <paramref name="Windows"/> of the last <paramref name="OfLast"/> non-empty windows.</summary>
public sealed record DatasetDriftTrigger(int Windows, int OfLast);

/// <summary>Realised AUC at least <paramref name="Delta"/> below the test AUC in a window with at least <paramref name="MinLabels"/> labels.</summary>
public sealed record AucDropTrigger(double Delta, int MinLabels);

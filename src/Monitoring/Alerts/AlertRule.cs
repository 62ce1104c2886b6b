namespace MatchModels.Monitoring.Alerts;

/// <summary>What a rule watches in a monitoring report's windows.</summary>
public enum AlertKind
{
    /// <summary>The window's dataset drifted (at least the drift share of its features did).</summary>
    DatasetDrift,

    /// <summary>The window's score distribution drifted from the out-of-fold predictions.</summary>
    PredictionDrift,

    /// <summary>The domain classifier told the window's rows from the reference's.</summary>
    MultivariateDrift,

    /// <summary>The realised AUC of a window with enough labels fell at least <see cref="AlertRule.Delta"/> below the version's test AUC.</summary>
    RealisedAucDrop,

    /// <summary>The label-free (CBPE) AUC estimate of a window fell below <see cref="AlertRule.Floor"/>.</summary>
    EstimatedAucBelow,

    /// <summary>ADWIN or Page–Hinkley raised an alarm over the loss stream; the alert belongs to the window it was detected in.</summary>
    DetectorAlarm,
}

/// <summary>
/// One alert rule: a name (unique within a model's rules, the key that keeps one alert per rule and window), what it
/// watches, and the numbers its kind needs.
/// </summary>
public sealed record AlertRule(string Name, AlertKind Kind, double? Delta = null, int? MinLabels = null, double? Floor = null)
{
    /// <summary>
    /// A drop of 0.05 AUC: about twice the half-width of a bootstrap interval on 1,000 labelled pairs at AUC 0.75, so a
    /// window this far below the test AUC is unlikely to be noise; the retraining trigger takes the same shape.
    /// </summary>
    public const double DefaultAucDrop = 0.05;

    /// <summary>Below 200 labels a window's AUC interval is wider than the drop it would be judged on.</summary>
    public const int DefaultMinLabels = 200;

    /// <summary>
    /// The rules a model gets when it names none: every drift verdict the report makes, a realised AUC drop, and detector
    /// alarms. No estimated-AUC floor, because only its owner knows which AUC is too low for their programme.
    /// </summary>
    public static IReadOnlyList<AlertRule> Defaults { get; } =
    [
        new("dataset_drift", AlertKind.DatasetDrift),
        new("prediction_drift", AlertKind.PredictionDrift),
        new("multivariate_drift", AlertKind.MultivariateDrift),
        new("realised_auc_drop", AlertKind.RealisedAucDrop, Delta: DefaultAucDrop, MinLabels: DefaultMinLabels),
        new("detector_alarm", AlertKind.DetectorAlarm),
    ];
}

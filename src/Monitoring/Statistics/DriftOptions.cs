namespace MatchModels.Monitoring.Statistics;

/// <summary>A column's own method and threshold, overriding the defaults (either may be left out).</summary>
public sealed record FeatureDriftOptions(string? Method = null, double? Threshold = null);

/// <summary>
/// How a drift report decides: the share of drifted columns that makes the dataset drift, and optional methods and
/// thresholds for every column or for named ones (a pipeline's <c>monitoring:</c> section maps onto this).
/// </summary>
public sealed record DriftOptions
{
    /// <summary>The dataset drifts when at least half its columns do: Evidently's default <c>drift_share</c>, and the issue's.</summary>
    public const double DefaultDriftShare = 0.5;

    public static DriftOptions Default { get; } = new();

    /// <summary>The share of drifted columns, in (0, 1], at or above which the dataset drifts.</summary>
    public double DriftShare { get; init; } = DefaultDriftShare;

    /// <summary>A method name for every column that has no entry of its own; null keeps <see cref="DriftMethods.Default(FeatureKind, int, int)"/>.</summary>
    public string? Method { get; init; }

    /// <summary>A threshold for every column that has no entry of its own; null keeps each method's default.</summary>
    public double? Threshold { get; init; }

    /// <summary>Per-column overrides by feature name.</summary>
    public IReadOnlyDictionary<string, FeatureDriftOptions> Features { get; init; } = new Dictionary<string, FeatureDriftOptions>();
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// A per-column drift test and what it needs to be configured by name: the descriptor Evidently users know
/// (name, display name, allowed column kinds, default threshold), plus which way the threshold is read.
/// </summary>
/// <param name="Name">The name a pipeline's <c>monitoring:</c> section uses (<c>ks</c>, <c>wasserstein</c>, …).</param>
/// <param name="DisplayName">What a report shows beside the score.</param>
/// <param name="Kinds">The column kinds the method accepts.</param>
/// <param name="DefaultThreshold">The threshold used when the configuration gives none.</param>
/// <param name="Rule">Whether drift is a p-value at most the threshold or a score at least it.</param>
/// <param name="Score">The statistic itself.</param>
public sealed record DriftMethod(
    string Name,
    string DisplayName,
    IReadOnlyList<FeatureKind> Kinds,
    double DefaultThreshold,
    DriftRule Rule,
    DriftStatistic Score)
{
    public bool Accepts(FeatureKind kind) => Kinds.Contains(kind);

    /// <summary>Whether <paramref name="score"/> means drift at <paramref name="threshold"/>; a NaN score (undefined, e.g. an empty window) never does.</summary>
    public bool IsDrift(double score, double threshold) => Rule switch
    {
        DriftRule.PValueAtMost => score <= threshold,
        DriftRule.ScoreAtLeast => score >= threshold,
        _ => throw new InvalidOperationException($"unknown rule {Rule}"),
    };
}

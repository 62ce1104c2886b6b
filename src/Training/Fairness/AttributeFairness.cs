namespace MatchModels.Training.Fairness;

/// <summary>The groups of one attribute and the largest gaps between them.</summary>
/// <param name="Attribute">Column name, as given.</param>
/// <param name="AuditOnly">True for attributes kept only for auditing, never as model features.</param>
/// <param name="Groups">Every group, too-small ones included, sorted by name (ordinal).</param>
/// <param name="Gaps">One gap per metric that at least two reportable groups have a value for, in <see cref="FairnessMetric"/> order.</param>
public sealed record AttributeFairness(
    string Attribute,
    bool AuditOnly,
    IReadOnlyList<GroupFairness> Groups,
    IReadOnlyList<FairnessGap> Gaps)
{
    /// <summary>
    /// False when fewer than two groups reach the minimum size: nothing can be compared, so the attribute is "not
    /// assessable", and a fairness gate over it cannot pass.
    /// </summary>
    public bool Assessable => Groups.Count(g => !g.TooSmall) >= 2;

    /// <summary>The gap of <paramref name="metric"/>, or null when fewer than two reportable groups have a value for it.</summary>
    public FairnessGap? Gap(FairnessMetric metric) => Gaps.FirstOrDefault(g => g.Metric == metric);
}

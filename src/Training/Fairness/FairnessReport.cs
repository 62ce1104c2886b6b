namespace MatchModels.Training.Fairness;

/// <summary>Per-attribute group metrics of one model on one labelled set.</summary>
/// <param name="MinGroupSize">Groups with fewer rows are reported as too small and left out of the gaps.</param>
/// <param name="Attributes">In the order they were given.</param>
public sealed record FairnessReport(int MinGroupSize, IReadOnlyList<AttributeFairness> Attributes)
{
    /// <summary>The largest gap of <paramref name="metric"/> over all attributes (the first attribute wins a tie), or null when no attribute has one.</summary>
    public FairnessGap? LargestGap(FairnessMetric metric)
    {
        FairnessGap? largest = null;
        foreach (AttributeFairness attribute in Attributes)
        {
            FairnessGap? gap = attribute.Gap(metric);
            if (gap is not null && (largest is null || gap.Gap > largest.Gap))
            {
                largest = gap;
            }
        }

        return largest;
    }
}

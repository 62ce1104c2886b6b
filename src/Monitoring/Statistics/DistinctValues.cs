namespace MatchModels.Monitoring.Statistics;

/// <summary>Counts distinct values only as far as a decision needs, so a million-row window costs a few comparisons.</summary>
public static class DistinctValues
{
    /// <summary>The number of distinct non-NaN values of the samples together, counting no further than <paramref name="limit"/> + 1.</summary>
    public static int CountUpTo(int limit, ReadOnlySpan<double> first, ReadOnlySpan<double> second = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var seen = new HashSet<double>();
        foreach (double x in first)
        {
            if (!double.IsNaN(x) && seen.Add(x) && seen.Count > limit)
            {
                return seen.Count;
            }
        }

        foreach (double x in second)
        {
            if (!double.IsNaN(x) && seen.Add(x) && seen.Count > limit)
            {
                return seen.Count;
            }
        }

        return seen.Count;
    }

    /// <summary>Whether the values hold more than <paramref name="limit"/> distinct non-NaN values.</summary>
    public static bool Exceed(ReadOnlySpan<double> values, int limit) => CountUpTo(limit, values) > limit;
}

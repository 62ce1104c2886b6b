namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// How often each category occurs in two samples, over the union of the categories seen in either, in ascending order
/// of the code: the table that chi-square, the Z-test, Jensen–Shannon and PSI read for categorical columns.
/// </summary>
public sealed record CategoryCounts(double[] Categories, long[] Reference, long[] Current)
{
    public long ReferenceTotal => Reference.Sum();

    public long CurrentTotal => Current.Sum();

    /// <summary>Counts the values of both samples; NaN is not a category and is skipped (a missing value is not a level).</summary>
    public static CategoryCounts Of(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var index = new SortedDictionary<double, (long Reference, long Current)>();
        foreach (double x in reference)
        {
            if (!double.IsNaN(x))
            {
                index[x] = index.TryGetValue(x, out var c) ? (c.Reference + 1, c.Current) : (1, 0);
            }
        }

        foreach (double x in current)
        {
            if (!double.IsNaN(x))
            {
                index[x] = index.TryGetValue(x, out var c) ? (c.Reference, c.Current + 1) : (0, 1);
            }
        }

        return new CategoryCounts(
            [.. index.Keys],
            [.. index.Values.Select(c => c.Reference)],
            [.. index.Values.Select(c => c.Current)]);
    }
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>The share of each sample in each bin (same bins, same order): the two distributions a divergence compares.</summary>
public sealed record BinnedShares(double[] Reference, double[] Current)
{
    /// <summary>
    /// Above this many distinct reference values a numerical column is binned into a histogram; at or below it every value
    /// is its own bin. 20 is Evidently's cut-off in <c>get_binned_data</c>.
    /// </summary>
    public const int HistogramAboveDistinctValues = 20;

    /// <summary>
    /// Evidently's binning for Jensen–Shannon: a numerical column with more than <see cref="HistogramAboveDistinctValues"/>
    /// distinct reference values gets equal-width bins over the pooled range, as many as Sturges' rule gives for the pooled
    /// size, ⌈log₂ N⌉ + 1 (Sturges, 1926; numpy's <c>histogram_bin_edges(bins="sturges")</c>); anything else gets one bin per
    /// value seen in either sample. NaN is skipped; an empty sample gives empty shares.
    /// </summary>
    public static BinnedShares Of(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, FeatureKind kind)
    {
        if (kind == FeatureKind.Numerical && DistinctValues.Exceed(reference, HistogramAboveDistinctValues))
        {
            return EqualWidth(reference, current);
        }

        return PerValue(reference, current);
    }

    /// <summary>One bin per value seen in either sample, in ascending order.</summary>
    public static BinnedShares PerValue(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CategoryCounts counts = CategoryCounts.Of(reference, current);
        return new BinnedShares(Shares(counts.Reference), Shares(counts.Current));
    }

    /// <summary>Sturges' number of equal-width bins over the pooled [min, max]; the last bin is closed on the right, as numpy's.</summary>
    public static BinnedShares EqualWidth(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        long n = Extend(reference, ref min, ref max) + Extend(current, ref min, ref max);

        if (n == 0)
        {
            return new BinnedShares([], []);
        }

        if (min == max)
        {
            // numpy widens a zero range to [x − 0.5, x + 0.5]; every value then falls in one middle bin either way.
            min -= 0.5;
            max += 0.5;
        }

        int bins = (int)Math.Ceiling(Math.Log2(n)) + 1;
        return new BinnedShares(Histogram(reference, min, max, bins), Histogram(current, min, max, bins));
    }

    private static long Extend(ReadOnlySpan<double> values, ref double min, ref double max)
    {
        long n = 0;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
                n++;
            }
        }

        return n;
    }

    private static double[] Histogram(ReadOnlySpan<double> values, double min, double max, int bins)
    {
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                counts[Math.Clamp((int)((x - min) / width), 0, bins - 1)]++;
            }
        }

        return Shares(counts);
    }

    internal static double[] Shares(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (long c in counts)
        {
            total += c;
        }

        double[] shares = new double[counts.Length];
        for (int k = 0; k < counts.Length && total > 0; k++)
        {
            shares[k] = (double)counts[k] / total;
        }

        return total == 0 ? [] : shares;
    }
}

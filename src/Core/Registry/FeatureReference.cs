namespace MatchModels.Core.Registry;

/// <summary>One feature's distribution on the training rows: moments, range and the 0%, 10%, …, 100% quantiles.</summary>
public sealed record FeatureSummary(string Name, int Count, double Mean, double Std, double Min, double Max, IReadOnlyList<double> Deciles)
{
    public double Median => Deciles[5];
}

/// <summary>
/// The reference profile saved with a model: each feature's distribution on the rows it was trained on. Drift
/// monitoring compares live inputs with it, and explanations use each median as the "typical value" a feature
/// is set back to when its contribution is measured.
/// </summary>
public sealed record FeatureReference(IReadOnlyList<FeatureSummary> Features)
{
    /// <summary>Summaries of row-major <paramref name="rows"/> × names.Count values; quantiles by linear interpolation between order statistics (type 7).</summary>
    public static FeatureReference Compute(IReadOnlyList<string> names, ReadOnlySpan<float> rows, int count)
    {
        int width = names.Count;
        if (rows.Length != count * width)
        {
            throw new ArgumentException($"expected {count} × {width} values, found {rows.Length}", nameof(rows));
        }

        var summaries = new List<FeatureSummary>(width);
        var column = new double[count];
        for (int c = 0; c < width; c++)
        {
            double sum = 0;
            for (int r = 0; r < count; r++)
            {
                column[r] = rows[(r * width) + c];
                sum += column[r];
            }

            Array.Sort(column);
            double mean = count == 0 ? 0 : sum / count;
            double ss = 0;
            foreach (double x in column)
            {
                ss += (x - mean) * (x - mean);
            }

            var deciles = Enumerable.Range(0, 11).Select(q => Quantile(column, q / 10.0)).ToArray();
            summaries.Add(new FeatureSummary(names[c], count, mean, count > 1 ? Math.Sqrt(ss / (count - 1)) : 0, count == 0 ? 0 : column[0], count == 0 ? 0 : column[^1], deciles));
        }

        return new FeatureReference(summaries);
    }

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

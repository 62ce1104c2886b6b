namespace MatchModels.Monitoring.Performance;

/// <summary>What a window's joined (probability, label) pairs show, each metric with its 95% bootstrap interval.</summary>
public sealed record RealisedPerformance(
    int Rows,
    int Positives,
    MetricInterval Auc,
    MetricInterval Brier,
    MetricInterval Ece,
    MetricInterval BaseRate);

/// <summary>
/// Realised performance of a window once outcomes are joined to its predictions: AUC, Brier score, ECE over
/// <see cref="CalibrationBins"/> bins and the base rate, each with a seeded percentile bootstrap interval
/// (Efron &amp; Tibshirani, 1993, ch. 13).
/// </summary>
/// <remarks>
/// Unlike the training evaluation's bootstrap, this one is not stratified by label: a window's base rate is itself
/// monitored, so its interval must vary with the draw. A resample that draws no positive or no negative has no AUC and is
/// left out of the AUC interval; with the window sizes the issue sets (≥ 500 labelled pairs) that is vanishingly rare.
/// ECE is biased upward on small windows (a perfectly calibrated model shows an ECE of a few hundredths on 500 rows), so
/// read its interval as "at most", not as a bound from below.
/// </remarks>
public static class MeasureRealisedPerformance
{
    /// <summary>10 equal-width bins, as the training evaluation's ECE (Training's EvaluateScores.CalibrationBins), so the two compare.</summary>
    public const int CalibrationBins = 10;

    /// <summary>1,000 resamples: Efron &amp; Tibshirani's minimum for percentile intervals, as the training evaluation uses.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>The interval's coverage: the 2.5th to 97.5th percentile.</summary>
    public const double Coverage = 0.95;

    /// <summary>The window's metrics with intervals; resample b draws its rows from a generator seeded by (seed, b).</summary>
    public static RealisedPerformance Measure(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int seed, int resamples = DefaultResamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var metrics = new WeightedBinaryMetrics(probabilities, labels);
        int n = metrics.Rows;
        int positives = 0;
        foreach (bool y in labels)
        {
            positives += y ? 1 : 0;
        }

        double[] estimates = [metrics.Auc([]), metrics.Brier([]), metrics.Ece([], CalibrationBins), metrics.BaseRate([])];
        double[][] draws = [new double[resamples], new double[resamples], new double[resamples], new double[resamples]];
        if (n > 0)
        {
            Parallel.For(0, resamples, ParallelOnCaller.Options(), () => new int[n], (b, _, counts) =>
            {
                Array.Clear(counts);
                // System.Random with a seed is one fixed algorithm on every platform, so intervals repeat exactly.
                var random = new Random(unchecked((seed * 1_000_003) + b) & int.MaxValue);
                for (int i = 0; i < n; i++)
                {
                    counts[random.Next(n)]++;
                }

                draws[0][b] = metrics.Auc(counts);
                draws[1][b] = metrics.Brier(counts);
                draws[2][b] = metrics.Ece(counts, CalibrationBins);
                draws[3][b] = metrics.BaseRate(counts);
                return counts;
            }, _ => { });
        }

        return new RealisedPerformance(
            n,
            positives,
            Interval(estimates[0], draws[0], n),
            Interval(estimates[1], draws[1], n),
            Interval(estimates[2], draws[2], n),
            Interval(estimates[3], draws[3], n));
    }

    private static MetricInterval Interval(double estimate, double[] values, int rows)
    {
        double[] defined = rows == 0 ? [] : [.. values.Where(v => !double.IsNaN(v)).Order()];
        if (defined.Length == 0)
        {
            return new MetricInterval(estimate, double.NaN, double.NaN);
        }

        double tail = (1 - Coverage) / 2;
        return new MetricInterval(estimate, Quantile(defined, tail), Quantile(defined, 1 - tail));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}

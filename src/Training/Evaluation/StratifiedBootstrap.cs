namespace MatchModels.Training.Evaluation;

/// <summary>
/// Seeded percentile bootstrap over the rows of a test set (Efron, 1979; Efron &amp; Tibshirani, An Introduction to the
/// Bootstrap, 1993, ch. 13): each resample draws as many rows as there are, with replacement, and a metric's 95% interval
/// is the 2.5th to 97.5th percentile of its value over <see cref="Resamples"/> resamples.
/// </summary>
/// <remarks>
/// Two kinds of statistic are reported differently. Smooth ones (AUC, PR-AUC, log-loss, Brier, Brier skill, the oracle
/// ratio) get the plain percentile interval. Non-negative ones whose plug-in estimate noise pushes upward (the binned ECE,
/// and the max − min spread of a rate across groups) sit near the bottom of their own resampling distribution, or below
/// it, so their percentile interval lies above the estimate; the reverse ("basic") interval [2θ̂ − q₉₇.₅, 2θ̂ − q₂.₅]
/// (Davison &amp; Hinkley, Bootstrap Methods and their Application, 1997, §5.2) removes that bias but is too narrow near 0.
/// For those, <see cref="Hull"/> reports the hull of both, clipped at 0: a gate over them then decides only when both
/// agree, so noise alone can neither fail nor pass it.
/// The draw is stratified by label: positives are drawn from the positives and negatives from the negatives, so every
/// resample keeps the test set's class counts. Unstratified, a small test set can draw a resample with (almost) no
/// positives, where AUC and PR-AUC are undefined and would have to be dropped, biasing the interval; pROC's AUC
/// bootstrap is stratified by default for the same reason. The cost is that the base rate does not vary between
/// resamples, which the Brier skill score's reference then treats as known.
/// A resample is a vector of counts (how often each row was drawn) rather than a list of rows, so a metric walks the
/// rows once in an order sorted beforehand: no resample is ever sorted. Resample <c>b</c> is drawn from its own
/// generator seeded by (seed, b), so every consumer that asks for resample b gets the same counts, in any order and
/// on any number of threads.
/// </remarks>
public sealed class StratifiedBootstrap
{
    /// <summary>
    /// 1,000 resamples put the Monte-Carlo error of a 2.5% percentile at about ±0.5 percentile points (Efron &amp;
    /// Tibshirani recommend at least 1,000 for percentile intervals), and cost under a second for 20,000 test rows.
    /// </summary>
    public const int DefaultResamples = 1000;

    /// <summary>The interval's coverage: 95%, the 2.5th to 97.5th percentile.</summary>
    public const double Coverage = 0.95;

    private readonly int[] _positives;
    private readonly int[] _negatives;

    public StratifiedBootstrap(ReadOnlySpan<bool> labels, int seed, int resamples = DefaultResamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var positives = new List<int>();
        var negatives = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            (labels[i] ? positives : negatives).Add(i);
        }

        _positives = [.. positives];
        _negatives = [.. negatives];
        Rows = labels.Length;
        Seed = seed;
        Resamples = resamples;
    }

    public int Rows { get; }

    public int Seed { get; }

    public int Resamples { get; }

    /// <summary>Fills <paramref name="counts"/> (one per row, cleared first) with how often resample <paramref name="resample"/> drew each row.</summary>
    public void Draw(int resample, Span<int> counts)
    {
        if (counts.Length != Rows)
        {
            throw new ArgumentException($"{counts.Length} counts for {Rows} rows.", nameof(counts));
        }

        counts.Clear();
        // System.Random with a seed is a fixed algorithm (Knuth's subtractive generator) on every platform and version;
        // HashCode.Combine would not do here, as it is salted per process.
        var random = new Random(unchecked((Seed * 1_000_003) + resample) & int.MaxValue);
        DrawFrom(_positives, counts, random);
        DrawFrom(_negatives, counts, random);
    }

    /// <summary>
    /// Runs <paramref name="statistic"/> on every resample (in parallel; each call gets its own counts buffer) and returns the
    /// estimate's percentile interval. Resamples where the statistic is NaN (undefined there) are left out; when all are,
    /// the interval is [NaN, NaN].
    /// </summary>
    public Interval Interval(double estimate, Func<int[], double> statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return Intervals([estimate], (counts, values) => values[0] = statistic(counts))[0];
    }

    /// <summary>
    /// Several statistics from the same resamples in one pass: <paramref name="statistics"/> writes statistic k of a
    /// resample into values[k]. Returns one interval per estimate, in order.
    /// </summary>
    /// <param name="estimates">The statistics on the rows as they are.</param>
    /// <param name="statistics">Writes statistic k of the resample whose counts it is given into values[k].</param>
    /// <param name="upwardBiased">True for statistic k when it is one of the non-negative, noise-inflated kind (see the remarks): its interval is the <see cref="Hull"/>.</param>
    public Interval[] Intervals(IReadOnlyList<double> estimates, Action<int[], double[]> statistics, Func<int, bool>? upwardBiased = null)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(statistics);
        int k = estimates.Count;
        double[][] values = new double[k][];
        for (int j = 0; j < k; j++)
        {
            values[j] = new double[Resamples];
        }

        Parallel.For(
            0,
            Resamples,
            () => (Counts: new int[Rows], Values: new double[k]),
            (b, _, local) =>
            {
                Draw(b, local.Counts);
                Array.Fill(local.Values, double.NaN);
                statistics(local.Counts, local.Values);
                for (int j = 0; j < k; j++)
                {
                    values[j][b] = local.Values[j];
                }

                return local;
            },
            _ => { });

        var result = new Interval[k];
        for (int j = 0; j < k; j++)
        {
            result[j] = upwardBiased?.Invoke(j) == true ? Hull(estimates[j], values[j]) : Percentiles(estimates[j], values[j]);
        }

        return result;
    }

    /// <summary>The (1 − coverage)/2 and (1 + coverage)/2 quantiles of the defined values, by linear interpolation between order statistics.</summary>
    public static Interval Percentiles(double estimate, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] defined = [.. values.Where(v => !double.IsNaN(v))];
        if (defined.Length == 0)
        {
            return new Interval(estimate, double.NaN, double.NaN);
        }

        Array.Sort(defined);
        double tail = (1 - Coverage) / 2;
        return new Interval(estimate, Quantile(defined, tail), Quantile(defined, 1 - tail));
    }

    /// <summary>
    /// The hull of the percentile interval and the basic interval [2θ̂ − q_high, 2θ̂ − q_low], clipped at 0, for a
    /// non-negative statistic whose estimate noise inflates (see the remarks).
    /// </summary>
    public static Interval Hull(double estimate, double[] values)
    {
        Interval percentile = Percentiles(estimate, values);
        if (double.IsNaN(percentile.Low))
        {
            return percentile;
        }

        double basicLow = Math.Max(0, (2 * estimate) - percentile.High);
        double basicHigh = Math.Max(0, (2 * estimate) - percentile.Low);
        return new Interval(estimate, Math.Min(percentile.Low, basicLow), Math.Max(percentile.High, basicHigh));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + (fraction * (sorted[upper] - sorted[lower]));
    }

    private static void DrawFrom(int[] rows, Span<int> counts, Random random)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            counts[rows[random.Next(rows.Length)]]++;
        }
    }
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>The two-sample KS statistic D = sup |F_ref − F_cur| and its two-sided p-value.</summary>
public sealed record KsResult(double Statistic, double PValue);

/// <summary>
/// The two-sample Kolmogorov–Smirnov test for numerical columns: D = supₓ |F_m(x) − G_n(x)| over the two empirical
/// CDFs, with its two-sided p-value P(D ≥ d) under "both samples come from one continuous distribution".
/// </summary>
/// <remarks>
/// Small samples (m·n ≤ <see cref="ExactLimit"/>) get the exact p-value: the share of the C(m+n, m) equally likely
/// orderings of the pooled sample whose lattice path (i of m reference values and j of n current ones seen) reaches
/// |i/m − j/n| ≥ d (Hodges, 1957, "The significance probability of the Smirnov two-sample test"). The walk counts
/// paths as probabilities, v(i, j) = v(i−1, j)·i/(i+j) + v(i, j−1)·j/(i+j), so nothing overflows. Larger samples get
/// the Kolmogorov limit Q(λ) = 2 Σₖ (−1)^(k−1) e^(−2k²λ²) with Stephens' (1970) small-sample correction
/// λ = (√nₑ + 0.12 + 0.11/√nₑ)·d, nₑ = mn/(m+n) (as in Numerical Recipes, §14.3). Ties are handled in D by stepping both
/// CDFs past a tied value together; the p-value then assumes continuity and is conservative.
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>Up to this many m·n the p-value is exact; scipy's ks_2samp switches from exact to asymptotic at the same size.</summary>
    public const long ExactLimit = 10_000;

    /// <summary>Drift when p ≤ 0.05: Evidently's default for KS on references of ≤ 1,000 rows, and the issue's.</summary>
    public const double DefaultThreshold = 0.05;

    public static DriftMethod Method { get; } = new(
        "ks",
        "K-S p-value",
        [FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.PValueAtMost,
        (reference, current, _) => Test(reference, current).PValue);

    /// <summary>D and its p-value; NaN values are skipped, and a sample with no other value gives NaN for both.</summary>
    public static KsResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double[] a = Sorted(reference);
        double[] b = Sorted(current);
        if (a.Length == 0 || b.Length == 0)
        {
            return new KsResult(double.NaN, double.NaN);
        }

        long gap = LargestGap(a, b);
        double d = (double)gap / ((long)a.Length * b.Length);
        double p = (long)a.Length * b.Length <= ExactLimit
            ? ExactPValue(a.Length, b.Length, gap)
            : AsymptoticPValue(d, a.Length, b.Length);
        return new KsResult(d, p);
    }

    /// <summary>D alone, on samples already sorted ascending (no copy, no sort).</summary>
    public static double StatisticOfSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        sortedReference.IsEmpty || sortedCurrent.IsEmpty
            ? double.NaN
            : (double)LargestGap(sortedReference, sortedCurrent) / ((long)sortedReference.Length * sortedCurrent.Length);

    /// <summary>
    /// max over x of |i·n − j·m|, where i and j count the values ≤ x in each sorted sample: D·m·n as a whole number, so the
    /// exact p-value compares lattice points with D without rounding.
    /// </summary>
    private static long LargestGap(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        long m = a.Length;
        long n = b.Length;
        int i = 0;
        int j = 0;
        long largest = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            largest = Math.Max(largest, Math.Abs((i * n) - (j * m)));
        }

        // Once one sample is exhausted its CDF is 1 and the other's only rises towards 1: the gap can only shrink.
        return largest;
    }

    /// <summary>P(D ≥ gap/(mn)): one minus the probability that a random ordering keeps |i·n − j·m| &lt; gap all the way.</summary>
    private static double ExactPValue(int m, int n, long gap)
    {
        if (gap == 0)
        {
            return 1;
        }

        // v[j] holds v(i, j) for the current row i; a lattice point outside the band gets 0.
        double[] v = new double[n + 1];
        for (int i = 0; i <= m; i++)
        {
            for (int j = 0; j <= n; j++)
            {
                if (Math.Abs(((long)i * n) - ((long)j * m)) >= gap)
                {
                    v[j] = 0;
                }
                else if (i == 0 && j == 0)
                {
                    v[j] = 1;
                }
                else
                {
                    double fromAbove = i > 0 ? v[j] * i / (i + j) : 0;
                    double fromLeft = j > 0 ? v[j - 1] * j / (i + j) : 0;
                    v[j] = fromAbove + fromLeft;
                }
            }
        }

        return Math.Clamp(1 - v[n], 0, 1);
    }

    private static double AsymptoticPValue(double d, int m, int n)
    {
        double ne = (double)m * n / (m + n);
        double sqrtNe = Math.Sqrt(ne);
        double lambda = (sqrtNe + 0.12 + (0.11 / sqrtNe)) * d;
        return KolmogorovTail(lambda);
    }

    /// <summary>Q(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²), 1 for λ near 0 where the series converges too slowly to matter.</summary>
    internal static double KolmogorovTail(double lambda)
    {
        if (lambda < 0.2)
        {
            // Q(0.2) ≈ 1 − 5·10⁻¹³, and there the alternating series needs many terms to settle: 1 is as exact in double precision.
            return 1;
        }

        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-16 * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>A sorted copy without NaN: a missing value is no point of the distribution.</summary>
    private static double[] Sorted(ReadOnlySpan<double> values)
    {
        double[] copy = values.ToArray();
        Array.Sort(copy);
        // Array.Sort puts NaN first.
        int nan = 0;
        while (nan < copy.Length && double.IsNaN(copy[nan]))
        {
            nan++;
        }

        return nan == 0 ? copy : copy[nan..];
    }
}

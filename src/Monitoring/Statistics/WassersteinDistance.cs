namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two 1-D samples, W₁ = ∫ |F(x) − G(x)| dx over their empirical
/// CDFs (Villani, Optimal Transport, 2009; Ramdas, García Trillos &amp; Cuturi, 2017, "On Wasserstein two-sample testing"),
/// in the column's own unit; <see cref="Normed"/> divides it by the reference's standard deviation so one threshold fits
/// every column, as Evidently's <c>wasserstein</c> test does.
/// </summary>
/// <remarks>
/// W₁ moves mass along the line: shifting a sample by c gives exactly |c|, so the normed distance of a shift is |c|/σ_ref,
/// the shift in reference standard deviations. 0.1 (the default threshold) is a tenth of a standard deviation.
/// </remarks>
public static class WassersteinDistance
{
    /// <summary>Drift when the normed distance ≥ 0.1: Evidently's default for numerical columns on references over 1,000 rows, and the issue's.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The smallest standard deviation divided by, so a constant reference column gives a large finite score rather than ∞ (Evidently uses 0.001).</summary>
    public const double MinimumStd = 0.001;

    public static DriftMethod Method { get; } = new(
        "wasserstein",
        "Wasserstein distance (normed)",
        [FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.ScoreAtLeast,
        (reference, current, _) => Normed(reference, current));

    /// <summary>W₁ divided by max(σ_ref, <see cref="MinimumStd"/>), σ_ref the population standard deviation of the reference; NaN values are skipped, and NaN is returned when a sample has no other value.</summary>
    public static double Normed(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double[] a = Sorted(reference);
        double[] b = Sorted(current);
        return a.Length == 0 || b.Length == 0 ? double.NaN : DistanceOfSorted(a, b) / Math.Max(PopulationStd(a), MinimumStd);
    }

    /// <summary>W₁ in the column's unit; NaN values are skipped, and NaN is returned when a sample has no other value.</summary>
    public static double Distance(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) => DistanceOfSorted(Sorted(reference), Sorted(current));

    /// <summary>W₁ of two samples already sorted ascending, without NaN: the area between the two step CDFs, summed between consecutive pooled values.</summary>
    public static double DistanceOfSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return double.NaN;
        }

        int i = 0;
        int j = 0;
        double area = 0;
        double x = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            // Step both CDFs past x, then integrate |F − G| up to the next pooled value.
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            double next = Math.Min(i < a.Length ? a[i] : double.PositiveInfinity, j < b.Length ? b[j] : double.PositiveInfinity);
            if (double.IsPositiveInfinity(next))
            {
                break;
            }

            area += Math.Abs(((double)i / a.Length) - ((double)j / b.Length)) * (next - x);
            x = next;
        }

        return area;
    }

    /// <summary>√(Σ (x − x̄)² / n), as numpy's default std; 0 for fewer than two values.</summary>
    internal static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        double mean = 0;
        foreach (double x in values)
        {
            mean += x;
        }

        mean /= values.Length;
        double ss = 0;
        foreach (double x in values)
        {
            ss += (x - mean) * (x - mean);
        }

        return Math.Sqrt(ss / values.Length);
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

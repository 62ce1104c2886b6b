using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class KolmogorovSmirnovTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Identical_samples_give_zero_statistic_and_p_of_one()
    {
        KsResult r = KolmogorovSmirnov.Test([3.0, 1, 2, 2, 5], [1.0, 2, 2, 3, 5]);

        Assert.Equal(0, r.Statistic, Tolerance);
        Assert.Equal(1, r.PValue, Tolerance);
    }

    [Fact]
    public void Disjoint_samples_give_statistic_one_and_the_exact_extreme_p()
    {
        // Only the two orderings "all reference first" and "all current first" reach D = 1: p = 2 / C(6, 3) = 2/20.
        KsResult r = KolmogorovSmirnov.Test([1.0, 2, 3], [4.0, 5, 6]);

        Assert.Equal(1, r.Statistic, Tolerance);
        Assert.Equal(0.1, r.PValue, Tolerance);
    }

    [Fact]
    public void Exact_p_counts_the_lattice_paths_that_leave_the_band()
    {
        // CDFs at 1..6: ref ¼ ½ ¾ 1 1 1, cur 0 0 ¼ ½ ¾ 1 → D = ½. With m = n = 4 a path stays within |i − j| ≤ 1 only by
        // returning to the diagonal every two steps: 2⁴ = 16 of C(8, 4) = 70 paths, so p = 1 − 16/70 = 27/35.
        KsResult r = KolmogorovSmirnov.Test([1.0, 2, 3, 4], [3.0, 4, 5, 6]);

        Assert.Equal(0.5, r.Statistic, Tolerance);
        Assert.Equal(27.0 / 35.0, r.PValue, Tolerance);
    }

    [Fact]
    public void Statistic_steps_past_tied_values_in_both_samples_together()
    {
        // Pooled values 0 and 1 only: ref CDF at 0 is ½, cur CDF at 0 is ¼, both 1 at 1 → D = ¼ (not ½ from stepping one sample first).
        double d = KolmogorovSmirnov.StatisticOfSorted([0.0, 0, 1, 1], [0.0, 1, 1, 1]);

        Assert.Equal(0.25, d, Tolerance);
    }

    [Fact]
    public void Kolmogorov_tail_matches_its_tabulated_values()
    {
        // Q(1) = 0.26999967 and the 5% critical value λ = 1.3581 (Smirnov's table, as in Numerical Recipes §14.3).
        Assert.Equal(0.26999967, KolmogorovSmirnov.KolmogorovTail(1.0), 1e-7);
        Assert.Equal(0.05, KolmogorovSmirnov.KolmogorovTail(1.3581), 1e-4);
    }

    [Fact]
    public void Exact_and_asymptotic_p_values_agree_at_the_switch()
    {
        // 100 × 100 is the largest exact size; 100 × 101 is asymptotic. A shift of 0.3 σ gives similar D on both sides.
        double[] reference = Normals(100, seed: 1, shift: 0);
        double[] shifted = Normals(101, seed: 2, shift: 0.3);
        KsResult exact = KolmogorovSmirnov.Test(reference, shifted.AsSpan(0, 100));
        KsResult asymptotic = KolmogorovSmirnov.Test(reference, shifted);

        Assert.InRange(exact.PValue, 0, 0.5);
        Assert.Equal(exact.PValue, asymptotic.PValue, 0.05);
    }

    [Fact]
    public void A_large_shift_is_significant_and_a_same_distribution_sample_is_not()
    {
        double[] reference = Normals(2000, seed: 3, shift: 0);
        KsResult same = KolmogorovSmirnov.Test(reference, Normals(2000, seed: 4, shift: 0));
        KsResult shifted = KolmogorovSmirnov.Test(reference, Normals(2000, seed: 5, shift: 0.5));

        Assert.True(same.PValue > 0.05, $"same distribution p = {same.PValue}");
        Assert.True(shifted.PValue < 1e-10, $"shifted p = {shifted.PValue}");
    }

    [Fact]
    public void An_empty_sample_gives_nan()
    {
        Assert.True(double.IsNaN(KolmogorovSmirnov.Test([], [1.0]).PValue));
    }

    internal static double[] Normals(int n, int seed, double shift)
    {
        var random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Box–Muller.
            double u = 1 - random.NextDouble();
            double v = random.NextDouble();
            values[i] = shift + (Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }
}

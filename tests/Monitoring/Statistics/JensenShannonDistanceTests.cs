using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class JensenShannonDistanceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Identical_distributions_give_zero_distance()
    {
        Assert.Equal(0, JensenShannonDistance.FromShares([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), Tolerance);
    }

    [Fact]
    public void Disjoint_distributions_give_root_ln_two()
    {
        Assert.Equal(Math.Sqrt(Math.Log(2)), JensenShannonDistance.FromShares([0.4, 0.6, 0], [0, 0, 1]), Tolerance);
        Assert.Equal(JensenShannonDistance.Maximum, JensenShannonDistance.Test([1.0, 2, 2], [3.0, 3], FeatureKind.Categorical), Tolerance);
    }

    [Fact]
    public void Distance_worked_by_hand_in_natural_logarithms()
    {
        // P = (½, ½), Q = (1, 0), M = (¾, ¼): KL(P‖M) = ½ ln(2/3) + ½ ln 2, KL(Q‖M) = ln(4/3).
        double divergence = (((0.5 * Math.Log(2.0 / 3.0)) + (0.5 * Math.Log(2))) + Math.Log(4.0 / 3.0)) / 2;

        Assert.Equal(Math.Sqrt(divergence), JensenShannonDistance.FromShares([0.5, 0.5], [1, 0]), Tolerance);
        Assert.Equal(Math.Sqrt(divergence), JensenShannonDistance.Test([1.0, 2], [1.0, 1, 1], FeatureKind.Categorical), Tolerance);
    }

    [Fact]
    public void Numerical_columns_with_many_values_get_sturges_bins_over_the_pooled_range()
    {
        double[] values = [.. Enumerable.Range(0, 32).Select(i => (double)i)];

        // 64 pooled values: ⌈log₂ 64⌉ + 1 = 7 equal-width bins.
        BinnedShares shares = BinnedShares.Of(values, values, FeatureKind.Numerical);

        Assert.Equal(7, shares.Reference.Length);
        Assert.Equal(1, shares.Reference.Sum(), Tolerance);
        Assert.Equal(0, JensenShannonDistance.Test(values, values, FeatureKind.Numerical), Tolerance);
    }

    [Fact]
    public void Disjoint_numerical_samples_reach_the_maximum()
    {
        double[] reference = [.. Enumerable.Range(0, 30).Select(i => (double)i)];
        double[] current = [.. Enumerable.Range(100, 30).Select(i => (double)i)];

        Assert.Equal(JensenShannonDistance.Maximum, JensenShannonDistance.Test(reference, current, FeatureKind.Numerical), Tolerance);
    }

    [Fact]
    public void A_numerical_column_with_few_values_gets_one_bin_per_value()
    {
        BinnedShares shares = BinnedShares.Of([1.0, 2, 2, 3], [3.0, 3], FeatureKind.Numerical);

        Assert.Equal([0.25, 0.5, 0.25], shares.Reference);
        Assert.Equal([0.0, 0, 1], shares.Current);
    }
}

using MatchModels.Monitoring.Statistics;
using MathNet.Numerics.Distributions;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class ProportionZTestTests
{
    private const double Tolerance = 1e-10;

    [Fact]
    public void Same_proportions_give_zero_and_p_of_one()
    {
        ZTestResult r = ProportionZTest.FromCounts(30, 100, 60, 200);

        Assert.Equal(0, r.Statistic, Tolerance);
        Assert.Equal(1, r.PValue, Tolerance);
    }

    [Fact]
    public void Statistic_worked_by_hand()
    {
        // p̂ 0.3 and 0.5, pooled 0.4: z = −0.2 / √(0.24 · 0.02) = −0.2 / √0.0048.
        ZTestResult r = ProportionZTest.FromCounts(30, 100, 50, 100);

        Assert.Equal(-0.2 / Math.Sqrt(0.0048), r.Statistic, Tolerance);
        Assert.Equal(2 * Normal.CDF(0, 1, -0.2 / Math.Sqrt(0.0048)), r.PValue, Tolerance);
    }

    [Fact]
    public void Disjoint_samples_reach_the_maximum_z_of_root_n()
    {
        ZTestResult r = ProportionZTest.Test([0.0, 0, 0, 0, 0, 0], [1.0, 1, 1, 1]);

        Assert.Equal(Math.Sqrt(10), Math.Abs(r.Statistic), Tolerance);
    }

    [Fact]
    public void Both_samples_of_one_value_give_p_of_one()
    {
        Assert.Equal(1, ProportionZTest.Test([1.0, 1], [1.0, 1, 1]).PValue, Tolerance);
    }

    [Fact]
    public void More_than_two_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ProportionZTest.Test([0.0, 1], [2.0]));
    }
}

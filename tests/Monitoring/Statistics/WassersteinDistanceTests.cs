using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class WassersteinDistanceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Identical_samples_give_zero_distance()
    {
        Assert.Equal(0, WassersteinDistance.Normed([2.0, 1, 5, 5], [5.0, 1, 2, 5]), Tolerance);
    }

    [Fact]
    public void A_shifted_sample_is_the_shift_away_in_reference_standard_deviations()
    {
        // Reference 0, 1, 3: mean 4/3, population variance 42/27. Every value moves 5, so W₁ = 5.
        double[] reference = [0, 1, 3];
        double[] shifted = [5, 6, 8];

        Assert.Equal(5, WassersteinDistance.Distance(reference, shifted), Tolerance);
        Assert.Equal(5 / Math.Sqrt(42.0 / 27.0), WassersteinDistance.Normed(reference, shifted), Tolerance);
    }

    [Fact]
    public void Distance_between_samples_of_different_sizes_worked_by_hand()
    {
        // Half the reference's mass moves from 0 to 1 and half from 2 to 1: ½ + ½ = 1.
        Assert.Equal(1, WassersteinDistance.Distance([0.0, 2], [1.0]), Tolerance);
    }

    [Fact]
    public void A_constant_reference_is_normed_by_the_minimum_std()
    {
        Assert.Equal(0.5 / WassersteinDistance.MinimumStd, WassersteinDistance.Normed([1.0, 1, 1], [1.5]), 1e-9);
    }

    [Fact]
    public void Distance_is_symmetric()
    {
        double[] a = KolmogorovSmirnovTests.Normals(300, seed: 7, shift: 0);
        double[] b = KolmogorovSmirnovTests.Normals(200, seed: 8, shift: 0.4);

        Assert.Equal(WassersteinDistance.Distance(a, b), WassersteinDistance.Distance(b, a), Tolerance);
        Assert.InRange(WassersteinDistance.Distance(a, b), 0.2, 0.6);
    }
}

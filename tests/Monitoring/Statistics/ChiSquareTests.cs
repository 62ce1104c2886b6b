using MatchModels.Monitoring.Statistics;
using MathNet.Numerics.Distributions;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class ChiSquareTests
{
    private const double Tolerance = 1e-10;

    [Fact]
    public void Same_shares_give_zero_statistic_and_p_of_one()
    {
        ChiSquareResult r = ChiSquare.FromCounts([10, 20], [20, 40]);

        Assert.Equal(0, r.Statistic, Tolerance);
        Assert.Equal(1, r.PValue, Tolerance);
    }

    [Fact]
    public void Statistic_of_a_two_by_two_table_worked_by_hand()
    {
        // All four expected counts are 30·30/60 = 15 and every cell is 5 away: X² = 4 · 25/15 = 20/3 on 1 degree of freedom,
        // where P(χ²₁ ≥ x) = 2Φ(−√x).
        ChiSquareResult r = ChiSquare.FromCounts([10, 20], [20, 10]);

        Assert.Equal(20.0 / 3.0, r.Statistic, Tolerance);
        Assert.Equal(1, r.DegreesOfFreedom);
        Assert.Equal(2 * Normal.CDF(0, 1, -Math.Sqrt(20.0 / 3.0)), r.PValue, Tolerance);
    }

    [Fact]
    public void Disjoint_samples_reach_the_maximum_statistic_n()
    {
        ChiSquareResult r = ChiSquare.FromCounts([10, 0], [0, 5]);

        Assert.Equal(15, r.Statistic, Tolerance);
        Assert.Equal(2 * Normal.CDF(0, 1, -Math.Sqrt(15)), r.PValue, Tolerance);
    }

    [Fact]
    public void On_a_two_by_two_table_the_statistic_is_the_square_of_the_z_statistic()
    {
        ChiSquareResult chi = ChiSquare.FromCounts([70, 30], [50, 50]);
        ZTestResult z = ProportionZTest.FromCounts(30, 100, 50, 100);

        Assert.Equal(z.Statistic * z.Statistic, chi.Statistic, Tolerance);
        Assert.Equal(z.PValue, chi.PValue, Tolerance);
    }

    [Fact]
    public void Samples_are_counted_over_the_union_of_their_categories()
    {
        // Category 3 only in the window: the table is [2, 2, 0] vs [0, 2, 2], a 2 × 3 table with 2 degrees of freedom.
        ChiSquareResult r = ChiSquare.Test([1.0, 1, 2, 2], [2.0, 2, 3, 3]);

        Assert.Equal(2, r.DegreesOfFreedom);
        // Expected 1, 2, 1 in each row: (1 + 0 + 1) · 2 = 4.
        Assert.Equal(4, r.Statistic, Tolerance);
        Assert.Equal(Math.Exp(-2), r.PValue, Tolerance);
    }

    [Fact]
    public void One_category_in_all_rows_gives_p_of_one()
    {
        Assert.Equal(1, ChiSquare.Test([4.0, 4], [4.0]).PValue, Tolerance);
    }
}

using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class PopulationStabilityIndexTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Identical_distributions_give_zero()
    {
        Assert.Equal(0, PopulationStabilityIndex.FromShares([0.1, 0.4, 0.5], [0.1, 0.4, 0.5]), Tolerance);
    }

    [Fact]
    public void Index_worked_by_hand()
    {
        // (0.5 − 0.25) ln 2 + (0.5 − 0.75) ln(2/3).
        double expected = (0.25 * Math.Log(2)) - (0.25 * Math.Log(2.0 / 3.0));

        Assert.Equal(expected, PopulationStabilityIndex.FromShares([0.5, 0.5], [0.25, 0.75]), Tolerance);
    }

    [Fact]
    public void Disjoint_distributions_reach_the_maximum_set_by_the_empty_bin_share()
    {
        // Each bin contributes (1 − ε) ln(1/ε).
        double epsilon = PopulationStabilityIndex.EmptyBinShare;
        double expected = 2 * (1 - epsilon) * Math.Log(1 / epsilon);

        Assert.Equal(expected, PopulationStabilityIndex.FromShares([1, 0], [0, 1]), Tolerance);
        Assert.Equal(expected, PopulationStabilityIndex.Test([0.0, 0], [1.0], FeatureKind.Categorical), Tolerance);
    }

    [Fact]
    public void Numerical_columns_are_cut_at_the_reference_deciles()
    {
        double[] reference = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        BinnedShares shares = PopulationStabilityIndex.ReferenceQuantileBins(reference, [0.5, 1000]);

        Assert.Equal(10, shares.Reference.Length);
        Assert.All(shares.Reference, s => Assert.Equal(0.1, s, Tolerance));
        // Everything below the first decile falls in the first bin, everything above the last in the last.
        Assert.Equal(0.5, shares.Current[0], Tolerance);
        Assert.Equal(0.5, shares.Current[^1], Tolerance);
        Assert.Equal(0, PopulationStabilityIndex.Test(reference, reference, FeatureKind.Numerical), Tolerance);
    }

    [Fact]
    public void From_reference_deciles_agrees_with_the_sample_when_the_deciles_cut_it_in_tenths()
    {
        // 1..100: the type-7 deciles 1, 10.9, 20.8, …, 100 put exactly ten reference values in each bin.
        double[] reference = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        double[] deciles = [.. Enumerable.Range(0, 11).Select(k => 1 + (k * 9.9))];
        double[] shifted = [.. reference.Select(x => x + 15)];

        Assert.Equal(0, PopulationStabilityIndex.FromReferenceDeciles(deciles, reference), Tolerance);
        Assert.Equal(
            PopulationStabilityIndex.Test(reference, shifted, FeatureKind.Numerical),
            PopulationStabilityIndex.FromReferenceDeciles(deciles, shifted),
            Tolerance);
        Assert.True(PopulationStabilityIndex.FromReferenceDeciles(deciles, shifted) > PopulationStabilityIndex.DefaultThreshold);
    }

    [Fact]
    public void A_repeated_decile_is_a_point_mass_in_the_bin_that_ends_there()
    {
        // Deciles of a column that is 0 for 60% of the reference: edges 0 (six tenths at or below it), 1, 2, 3.
        double[] deciles = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
        double[] current = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4];

        Assert.Equal(0, PopulationStabilityIndex.FromReferenceDeciles(deciles, current), Tolerance);
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.FromReferenceDeciles([0, 1], current));
    }
}

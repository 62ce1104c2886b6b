using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

/// <summary>
/// Properties over seeded random samples: what a statistic must not notice. KS sees only ranks, the normed Wasserstein
/// distance is in reference standard deviations, and categorical divergences see only the shares, not the codes.
/// </summary>
public sealed class InvarianceTests
{
    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Ks_is_unchanged_by_an_increasing_transform_of_both_samples(int seed)
    {
        double[] a = KolmogorovSmirnovTests.Normals(300, seed, shift: 0);
        double[] b = KolmogorovSmirnovTests.Normals(250, seed + 100, shift: 0.2);

        KsResult plain = KolmogorovSmirnov.Test(a, b);
        KsResult transformed = KolmogorovSmirnov.Test([.. a.Select(Math.Exp)], [.. b.Select(Math.Exp)]);

        Assert.Equal(plain, transformed);
        Assert.True(plain.Statistic > 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Normed_wasserstein_is_unchanged_by_rescaling_and_shifting_both_samples(int seed)
    {
        double[] a = KolmogorovSmirnovTests.Normals(300, seed, shift: 0);
        double[] b = KolmogorovSmirnovTests.Normals(250, seed + 100, shift: 0.2);

        double plain = WassersteinDistance.Normed(a, b);
        double moved = WassersteinDistance.Normed([.. a.Select(x => (40 * x) - 7)], [.. b.Select(x => (40 * x) - 7)]);

        Assert.Equal(plain, moved, 1e-9);
        Assert.True(plain > 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Categorical_divergences_ignore_which_code_names_which_category(int seed)
    {
        var random = new Random(seed);
        double[] a = [.. Enumerable.Range(0, 400).Select(_ => (double)random.Next(6))];
        double[] b = [.. Enumerable.Range(0, 300).Select(_ => (double)Math.Min(5, random.Next(7)))];
        double[] codes = [17, 3, 250, -1, 8, 42];

        double[] ra = [.. a.Select(x => codes[(int)x])];
        double[] rb = [.. b.Select(x => codes[(int)x])];

        Assert.Equal(JensenShannonDistance.Test(a, b, FeatureKind.Categorical), JensenShannonDistance.Test(ra, rb, FeatureKind.Categorical), 1e-12);
        Assert.Equal(PopulationStabilityIndex.Test(a, b, FeatureKind.Categorical), PopulationStabilityIndex.Test(ra, rb, FeatureKind.Categorical), 1e-12);
        Assert.Equal(ChiSquare.Test(a, b).PValue, ChiSquare.Test(ra, rb).PValue, 1e-12);
        Assert.True(JensenShannonDistance.Test(a, b, FeatureKind.Categorical) > 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Distances_are_symmetric_in_their_two_samples(int seed)
    {
        double[] a = KolmogorovSmirnovTests.Normals(300, seed, shift: 0);
        double[] b = KolmogorovSmirnovTests.Normals(250, seed + 100, shift: 0.5);

        Assert.Equal(KolmogorovSmirnov.Test(a, b).Statistic, KolmogorovSmirnov.Test(b, a).Statistic, 1e-12);
        Assert.Equal(JensenShannonDistance.Test(a, b, FeatureKind.Numerical), JensenShannonDistance.Test(b, a, FeatureKind.Numerical), 1e-12);
    }
}

using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class DriftMethodsTests
{
    [Theory]
    [InlineData(FeatureKind.Numerical, 1000, 6, "ks")]
    [InlineData(FeatureKind.Numerical, 1000, 5, "chisquare")]
    [InlineData(FeatureKind.Numerical, 200, 3, "chisquare")]
    [InlineData(FeatureKind.Numerical, 1000, 2, "z")]
    [InlineData(FeatureKind.Categorical, 500, 12, "chisquare")]
    [InlineData(FeatureKind.Categorical, 500, 2, "z")]
    [InlineData(FeatureKind.Numerical, 1001, 6, "wasserstein")]
    [InlineData(FeatureKind.Numerical, 5000, 5, "jensenshannon")]
    [InlineData(FeatureKind.Categorical, 5000, 2, "jensenshannon")]
    [InlineData(FeatureKind.Categorical, 5000, 40, "jensenshannon")]
    public void Default_follows_the_column_kind_reference_size_and_distinct_values(FeatureKind kind, int referenceRows, int distinct, string expected)
    {
        Assert.Equal(expected, DriftMethods.Default(kind, referenceRows, distinct).Name);
    }

    [Fact]
    public void Default_counts_distinct_values_of_both_samples_pooled()
    {
        // Three values in each, six pooled: KS, not chi-square.
        Assert.Equal("ks", DriftMethods.Default(FeatureKind.Numerical, [1.0, 2, 3], [4.0, 5, 6]).Name);
        Assert.Equal("chisquare", DriftMethods.Default(FeatureKind.Numerical, [1.0, 2, 3], [1.0, 2, 3]).Name);
    }

    [Fact]
    public void Tests_read_p_values_at_most_and_distances_at_least_their_threshold()
    {
        Assert.All(new[] { "ks", "chisquare", "z" }, n => Assert.Equal(DriftRule.PValueAtMost, DriftMethods.ByName(n).Rule));
        Assert.All(new[] { "wasserstein", "jensenshannon", "psi" }, n => Assert.Equal(DriftRule.ScoreAtLeast, DriftMethods.ByName(n).Rule));
        Assert.True(KolmogorovSmirnov.Method.IsDrift(0.05, 0.05));
        Assert.False(KolmogorovSmirnov.Method.IsDrift(0.051, 0.05));
        Assert.True(WassersteinDistance.Method.IsDrift(0.1, 0.1));
        Assert.False(WassersteinDistance.Method.IsDrift(0.099, 0.1));
        Assert.False(WassersteinDistance.Method.IsDrift(double.NaN, 0.1));
        Assert.False(KolmogorovSmirnov.Method.IsDrift(double.NaN, 0.05));
    }

    [Fact]
    public void Default_thresholds_are_the_conventional_ones()
    {
        Assert.Equal([0.05, 0.05, 0.05, 0.1, 0.1, 0.1], DriftMethods.All.Select(m => m.DefaultThreshold));
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DriftMethods.ByName("wasserstien"));

        Assert.Contains("wasserstein", e.Message, StringComparison.Ordinal);
    }
}

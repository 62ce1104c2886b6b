using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class FeatureReferenceTests
{
    [Fact]
    public void Summaries_match_values_computed_by_hand()
    {
        // Column a: 1..5 → mean 3, sample std √2.5, deciles by interpolation: 0% 1, 10% 1.4, 50% 3, 100% 5.
        // Column b: constant 7.
        float[] rows = [1, 7, 2, 7, 3, 7, 4, 7, 5, 7];

        FeatureReference reference = FeatureReference.Compute(["a", "b"], rows, 5);

        FeatureSummary a = reference.Features[0], b = reference.Features[1];
        Assert.Equal(3, a.Mean, 12);
        Assert.Equal(Math.Sqrt(2.5), a.Std, 12);
        Assert.Equal(1.4, a.Deciles[1], 12);
        Assert.Equal(3, a.Median, 12);
        Assert.Equal(5, a.Max);
        Assert.Equal(0, b.Std);
        Assert.All(b.Deciles, d => Assert.Equal(7, d));
    }

    [Fact]
    public void A_matrix_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FeatureReference.Compute(["a", "b"], new float[5], 3));
    }
}

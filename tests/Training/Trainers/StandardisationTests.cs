using MatchModels.Training.Trainers;

namespace MatchModels.Training.Tests.Trainers;

public sealed class StandardisationTests
{
    [Fact]
    public void Centres_and_scales_each_column_and_leaves_constant_columns_unscaled()
    {
        // Column 0: 1, 2, 3 (mean 2, sample std 1). Column 1: 5, 5, 5 (constant).
        float[] x = [1, 5, 2, 5, 3, 5];

        Standardisation s = Standardisation.Fit(x, rows: 3, width: 2);

        Assert.Equal([2f, 5f], s.Offset);
        Assert.Equal([1f, 1f], s.Scale);
        Assert.Equal([-1f, 0f, 0f, 0f, 1f, 0f], s.Apply(x, 3));
    }
}

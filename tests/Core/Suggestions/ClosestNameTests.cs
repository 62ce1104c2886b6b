using MatchModels.Core.Suggestions;

namespace MatchModels.Core.Tests.Suggestions;

public sealed class ClosestNameTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("feaures", "features", 1)]
    [InlineData("", "auc", 3)]
    [InlineData("auc", "auc", 0)]
    public void Distance_counts_insertions_deletions_and_substitutions(string a, string b, int distance)
    {
        Assert.Equal(distance, ClosestName.Distance(a, b));
    }

    [Fact]
    public void Suggests_the_nearest_candidate_when_it_is_a_plausible_typo()
    {
        Assert.Equal("budget_seconds", ClosestName.To("budget_secs", ["trials", "budget_seconds", "metric"]));
        Assert.Equal("folds", ClosestName.To("FOLDS", ["folds", "test_cohorts"]));
        Assert.Equal("min_positives", ClosestName.To("min_pos", ["min_auc", "min_positives"]));
    }

    [Fact]
    public void Suggests_nothing_for_an_unrelated_name()
    {
        Assert.Null(ClosestName.To("owner", ["name", "task", "data", "seed"]));
        Assert.Null(ClosestName.To("x", ["auc"]));
    }
}

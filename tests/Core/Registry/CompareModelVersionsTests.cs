using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class CompareModelVersionsTests
{
    [Fact]
    public void Metrics_importance_data_and_pipeline_are_lined_up()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m", auc: 0.70, pipeline: "name: m\nseed: 1\nfolds: 5\n");
        RegistryFixture.Register(registry, "m", auc: 0.75, pipeline: "name: m\nseed: 2\nfolds: 5\n");

        VersionComparison c = CompareModelVersions.Run(registry, "m", 1, 2);

        SideBySide auc = c.Metrics.Single(m => m.Name == "roc_auc");
        Assert.Equal(0.05, auc.Difference!.Value, 10);
        Assert.Equal("a", c.Importance[0].Name);
        Assert.True(c.Data.Single().Same);
        Assert.Equal(["--- m:1/pipeline.yaml", "+++ m:2/pipeline.yaml", " name: m", "-seed: 1", "+seed: 2", " folds: 5"], c.PipelineDiff);
    }

    [Fact]
    public void Identical_files_have_an_empty_diff()
    {
        Assert.Empty(LineDiff.Unified(["a", "b"], ["a", "b"], "x", "y"));
    }

    [Fact]
    public void Far_apart_changes_are_separated_by_an_ellipsis()
    {
        string[] a = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        string[] b = ["x", "2", "3", "4", "5", "6", "7", "8", "y"];

        IReadOnlyList<string> diff = LineDiff.Unified(a, b, "a", "b");

        Assert.Equal(["--- a", "+++ b", "-1", "+x", " 2", " 3", "…", " 7", " 8", "-9", "+y"], diff);
    }
}

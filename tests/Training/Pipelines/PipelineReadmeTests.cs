using System.Text.RegularExpressions;
using MatchModels.Core.Features;

namespace MatchModels.Training.Tests.Pipelines;

public sealed partial class PipelineReadmeTests
{
    [Fact]
    public void The_documented_feature_lists_are_the_builders_features()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));
        string section = readme[readme.IndexOf("## Features", StringComparison.Ordinal)..];
        string pairPart = section[section.IndexOf("**pair-success**", StringComparison.Ordinal)..section.IndexOf("**dropout**", StringComparison.Ordinal)];
        string dropoutPart = section[section.IndexOf("**dropout**", StringComparison.Ordinal)..section.IndexOf("Audit-only", StringComparison.Ordinal)];

        Assert.Equal(PairFeatureBuilder.PairSuccess.Definitions.Select(d => d.Name), Names(pairPart));
        Assert.Equal(PairFeatureBuilder.Dropout(30).Definitions.Select(d => d.Name).Skip(PairFeatureBuilder.PairSuccess.Definitions.Count), Names(dropoutPart));
    }

    [Fact]
    public void The_documented_drift_methods_are_the_known_ones()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));
        string row = readme.Split('\n').Single(l => l.StartsWith("| `drift.method` |", StringComparison.Ordinal));
        string allowed = row.Split('|')[4];

        Assert.Equal(MatchModels.Monitoring.Statistics.DriftMethods.All.Select(m => m.Name), Names(allowed));
    }

    private static List<string> Names(string text) => Quoted().Matches(text).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Quoted();
}

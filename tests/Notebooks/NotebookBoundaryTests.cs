using System.Text.RegularExpressions;

namespace MatchModels.Notebooks.Tests;

/// <summary>
/// The notebooks read data as a user does: only the drift walkthrough uses the synthetic generator (to make the drifted
/// history it replays), and no notebook reads the generator's truth.
/// </summary>
public sealed partial class NotebookBoundaryTests
{
    private static readonly string s_notebooks = Path.Combine(RepoPaths.Root, "notebooks");

    private static readonly List<string> s_files = Directory.GetFiles(s_notebooks, "*.cs", SearchOption.AllDirectories)
        .Concat(Directory.GetFiles(s_notebooks, "*.csproj", SearchOption.AllDirectories))
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .ToList();

    [Fact]
    public void Only_the_drift_walkthrough_references_the_synthetic_generator()
    {
        Assert.Contains(s_files, f => f.EndsWith("programme-outcomes.cs", StringComparison.Ordinal));
        Assert.Contains(s_files, f => f.EndsWith("model-comparison.cs", StringComparison.Ordinal));
        Assert.Contains(s_files, f => f.EndsWith("drift-walkthrough.cs", StringComparison.Ordinal));
        Assert.All(s_files.Where(f => Path.GetFileName(f) != "drift-walkthrough.cs"), f => Assert.False(Generator().IsMatch(File.ReadAllText(f)), $"{f} knows the generator"));
    }

    [Fact]
    public void No_notebook_nor_the_kit_reads_the_generators_truth()
    {
        Assert.All(s_files, f => Assert.False(Truth().IsMatch(File.ReadAllText(f)), $"{f} reads the generator's truth"));
    }

    [Fact]
    public void The_checks_would_see_a_notebook_that_includes_the_generator_or_reads_its_truth()
    {
        Assert.Matches(Generator(), "#:project ../src/Synthetic/MatchModels.Synthetic.csproj");
        Assert.Matches(Truth(), "var oracle = generated.Truth.Select(t => t.PSuccess);");
        Assert.Matches(Truth(), "DataFrame.LoadCsv(\"data/sample/truth.parquet\")");
    }

    [GeneratedRegex("Synthetic|truth\\.parquet|p_success")]
    private static partial Regex Generator();

    [GeneratedRegex("truth\\.parquet|p_success|Truth|PSuccess|PDropout")]
    private static partial Regex Truth();
}

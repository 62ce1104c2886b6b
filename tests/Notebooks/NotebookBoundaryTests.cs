using System.Text.RegularExpressions;

namespace MatchModels.Notebooks.Tests;

/// <summary>The notebooks read data as a user does: they never reference the synthetic generator.</summary>
public sealed class NotebookBoundaryTests
{
    private static readonly string s_notebooks = Path.Combine(RepoPaths.Root, "notebooks");

    [Fact]
    public void No_notebook_nor_the_kit_references_the_synthetic_generator()
    {
        var files = Directory.GetFiles(s_notebooks, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(s_notebooks, "*.csproj", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(files, f => f.EndsWith("programme-outcomes.cs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("model-comparison.cs", StringComparison.Ordinal));
        Assert.All(files, f => Assert.False(Regex.IsMatch(File.ReadAllText(f), "Synthetic|truth\\.parquet|p_success"), $"{f} knows the generator"));
    }

    [Fact]
    public void The_check_would_see_a_notebook_that_includes_the_generator()
    {
        Assert.Matches("Synthetic|truth\\.parquet|p_success", "#:project ../src/Synthetic/MatchModels.Synthetic.csproj");
    }
}

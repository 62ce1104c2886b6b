using System.Text.RegularExpressions;

namespace MatchModels.Notebooks.Tests;

/// <summary>notebooks/model-comparison.cs run as a real process on registries the real CLI trained, and on bad input.</summary>
[Collection(NotebookPagesGroup.Name)]
public sealed class ModelComparisonTests(NotebookPagesFixture pages)
{
    [Fact]
    public void Two_versions_get_curves_metrics_importance_changes_fairness_and_six_explained_pairs()
    {
        Assert.True(pages.Comparison.ExitCode == 0, pages.Comparison.ToString());
        string html = File.ReadAllText(pages.ComparisonPage);

        Assert.Equal(["roc", "reliability", "importance", .. Enumerable.Repeat("explanation", 6)], ChartKinds(html));
        string roc = html[html.IndexOf("data-chart=\"roc\"", StringComparison.Ordinal)..html.IndexOf("data-chart=\"reliability\"", StringComparison.Ordinal)];
        Assert.Equal(2, Regex.Count(roc, "<polyline"));
        Assert.Contains("2 versions are registered.", html, StringComparison.Ordinal);
        Assert.Contains("Importance change, v1 → v2", html, StringComparison.Ordinal);
        Assert.Matches(@"<td>roc_auc</td><td>0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]</td><td>0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]</td>", html);
        Assert.Matches(@"<td>mentee department</td><td>auc</td><td>0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \([^)]+ → [^)]+\)</td><td>0\.\d{3} \[", html);
        Assert.Contains("The pipelines differ: -seed: 42 +seed: 7", html, StringComparison.Ordinal);
    }

    [Fact]
    public void One_version_gets_a_single_version_page_instead_of_failing()
    {
        Assert.True(pages.SingleComparison.ExitCode == 0, pages.SingleComparison.ToString());
        string html = File.ReadAllText(pages.SingleComparisonPage);

        Assert.Contains("One version is registered, so this page shows pair-success:1 on its own", html, StringComparison.Ordinal);
        Assert.Contains("with one version there is no change to show yet", html, StringComparison.Ordinal);
        Assert.Equal(["roc", "reliability", "importance", .. Enumerable.Repeat("explanation", 6)], ChartKinds(html));
        Assert.DoesNotContain(">v2<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_champion_explains_its_three_highest_and_three_lowest_test_pairs()
    {
        string html = File.ReadAllText(pages.ComparisonPage);
        string run = Directory.GetDirectories(Path.Combine(pages.TwoVersionRegistry, "pair-success", "runs")).Order(StringComparer.Ordinal).Last();
        var ranked = File.ReadAllLines(Path.Combine(run, "test-predictions.csv")).Skip(1)
            .Select(l => l.Split(','))
            .OrderByDescending(f => double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => f[0]).ToList();

        var explained = Regex.Matches(html, "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"600\">(pair-[^:]+): p = ").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([.. ranked.Take(3), .. ranked.TakeLast(3)], explained);
    }

    [Fact]
    public async Task An_empty_registry_stops_with_one_line_saying_so()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["models"]);

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", dir["models"], "--out", dir["out"]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: --registry {dir["models"]} is empty: no model has a registered version", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public async Task A_missing_registry_folder_stops_with_one_line_naming_it()
    {
        using var dir = new TempDir();

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", dir["nowhere"], "--out", dir["out"]);

        run.AssertRefused($"error: --registry {dir["nowhere"]}: no such folder", dir["out"]);
    }

    [Fact]
    public async Task A_model_the_registry_does_not_hold_is_named_with_the_models_it_does()
    {
        using var dir = new TempDir();

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", pages.SingleRegistry, "--model", "dropout", "--out", dir["out"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: model 'dropout' has no registered version in {pages.SingleRegistry} (models here: pair-success; pick one with --model)",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task An_invalid_history_for_the_explanations_prints_its_problems_and_exits_1()
    {
        using var dir = new TempDir();

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", pages.SingleRegistry, "--data", RepoPaths.Fixture("unknown-enum"), "--out", dir["out"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: --data {RepoPaths.Fixture("unknown-enum")} failed validation with ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["out"]));
    }

    private static List<string> ChartKinds(string html) =>
        Regex.Matches(html, "<figure class=\"chart\" data-chart=\"([a-z]+)\"><svg").Select(m => m.Groups[1].Value).ToList();
}

using System.Text.Json;
using System.Text.RegularExpressions;
using MatchModels.Core.Registry;

namespace MatchModels.Notebooks.Tests;

/// <summary>
/// notebooks/drift-walkthrough.cs run as a real process on registries the real CLI trained (one whose champion has a
/// retraining policy, one as the README main job leaves it), and on bad input.
/// </summary>
[Collection(NotebookPagesGroup.Name)]
public sealed class DriftWalkthroughTests(NotebookPagesFixture pages)
{
    private const string Name = "pair-success";

    [Fact]
    public void Writes_one_page_with_the_replay_the_heat_map_the_auc_over_time_and_the_detectors()
    {
        Assert.True(pages.Walkthrough.ExitCode == 0, pages.Walkthrough.ToString());
        string html = File.ReadAllText(pages.WalkthroughPage);

        Assert.Contains($"wrote {pages.WalkthroughPage} (4 charts)", pages.Walkthrough.Stdout, StringComparison.Ordinal);
        Assert.Equal(["calibration", "heatmap", "auc", "detectors"], ChartKinds(html));
        Assert.All(
            ["The model to watch", "A programme that changes", "Replay: every cohort scored on its match day", "What the monitor found, window by window",
             "Drift per feature and window", "Realised and estimated AUC", "Change detector alarms", "The alerts", "The retraining decision"],
            heading => Assert.Contains("</span>" + heading + "</h2>", html, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(pages.Out, "*.partial"));
    }

    [Fact]
    public void The_heat_map_has_a_cell_for_every_feature_in_every_window_with_rows_and_marks_the_drifted_ones()
    {
        JsonElement report = Report();
        var windows = report.GetProperty("windows").EnumerateArray().Where(w => !w.GetProperty("empty").GetBoolean()).ToList();
        int features = windows[0].GetProperty("data_drift").GetProperty("features").GetArrayLength();
        int drifted = windows.Sum(w => w.GetProperty("data_drift").GetProperty("features").EnumerateArray().Count(f => f.GetProperty("drifted").GetBoolean()));
        string heatMap = Chart(File.ReadAllText(pages.WalkthroughPage), "heatmap");

        Assert.Equal(6, windows.Count);
        Assert.Equal(features * windows.Count, Regex.Count(heatMap, "<rect [^>]*fill-opacity"));
        Assert.Equal(drifted, Regex.Count(heatMap, ", drifted</title>"));
        Assert.True(drifted > 0, "the injected drift moves some feature");
    }

    [Fact]
    public void The_drift_is_found_after_the_change_and_the_retraining_it_triggers_waits_for_approval_in_the_scratch_registry()
    {
        string html = File.ReadAllText(pages.WalkthroughPage);
        var scratch = new ModelRegistry(Path.Combine(pages.WalkthroughFiles, "registry"));

        Assert.Contains("Dataset drift: in 3 of 6 windows, first in 2024-W13, the drift having begun on 2024-03-25.", html, StringComparison.Ordinal);
        Assert.Contains("The loop decided: awaiting approval, triggered by dataset_drift", html, StringComparison.Ordinal);
        Assert.Equal([1, 2], scratch.Versions(Name));
        Assert.Equal(2, scratch.Aliases(Name)["candidate"]);
        Assert.Equal(1, scratch.Aliases(Name)["champion"]);
        Assert.Contains("\"outcome\":\"awaiting_approval\"", File.ReadAllText(Path.Combine(scratch.ModelDirectory(Name), "retraining", "decisions.jsonl")).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_recorded_in_alerts_jsonl_is_a_row_of_the_alerts_table()
    {
        string html = File.ReadAllText(pages.WalkthroughPage);
        string alerts = html[html.IndexOf("</span>The alerts</h2>", StringComparison.Ordinal)..html.IndexOf("</span>The retraining decision</h2>", StringComparison.Ordinal)];
        string[] lines = File.ReadAllLines(Path.Combine(pages.WalkthroughFiles, "registry", Name, "monitoring", "alerts.jsonl"));

        Assert.NotEmpty(lines);
        Assert.Equal(lines.Length, Regex.Count(alerts, "<tr><td>"));
        Assert.All(lines, l => Assert.Contains($"<td>{JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()![..12]}</td>", alerts, StringComparison.Ordinal));
    }

    [Fact]
    public void The_registry_it_reads_is_never_written()
    {
        var source = new ModelRegistry(pages.PolicyRegistry);

        Assert.Equal([1], source.Versions(Name));
        Assert.False(source.Aliases(Name).ContainsKey("candidate"));
        Assert.False(Directory.Exists(Path.Combine(source.ModelDirectory(Name), "monitoring")));
        Assert.False(Directory.Exists(Path.Combine(source.ModelDirectory(Name), "retraining")));
        Assert.False(Directory.Exists(Path.Combine(pages.SingleRegistry, Name, "monitoring")));
    }

    [Fact]
    public void Without_a_champion_or_a_policy_the_page_shows_the_refusal_and_what_the_example_policy_would_decide()
    {
        Assert.True(pages.WalkthroughWithoutPolicy.ExitCode == 0, pages.WalkthroughWithoutPolicy.ToString());
        string html = File.ReadAllText(pages.WalkthroughWithoutPolicyPage);

        Assert.Contains("pair-success:1 stands in for the champion", html, StringComparison.Ordinal);
        Assert.Contains("`matchmodels retrain` refuses here: model &#39;pair-success&#39; has no champion", html, StringComparison.Ordinal);
        Assert.Matches("Under the example policy \\(dataset drift in 2 of the last 3 windows; realised AUC 0\\.05 below the test AUC over 200 labels\\) the same evidence would (not )?trigger", html);
        Assert.Equal(["calibration", "heatmap", "auc", "detectors"], ChartKinds(html));
    }

    [Fact]
    public async Task A_missing_registry_folder_stops_with_one_line_naming_it()
    {
        using var dir = new TempDir();

        NotebookProcess.Result run = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", dir["nowhere"], "--out", dir["out"]);

        run.AssertRefused($"error: --registry {dir["nowhere"]}: no such folder", dir["out"]);
    }

    [Fact]
    public async Task An_empty_registry_stops_with_one_line_saying_so()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["models"]);

        NotebookProcess.Result run = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", dir["models"], "--out", dir["out"]);

        run.AssertRefused($"error: --registry {dir["models"]} is empty: no model has a registered version", dir["out"]);
    }

    [Fact]
    public async Task A_missing_history_folder_stops_with_one_line_naming_it()
    {
        using var dir = new TempDir();

        NotebookProcess.Result run = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", pages.SingleRegistry, "--data", dir["no-such-history"], "--out", dir["out"]);

        run.AssertRefused($"error: --data {dir["no-such-history"]}: no such folder", dir["out"]);
    }

    [Fact]
    public async Task An_invalid_history_prints_its_problems_and_exits_1()
    {
        using var dir = new TempDir();
        string invalid = RepoPaths.Fixture("dangling-pair-mentor");

        NotebookProcess.Result run = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", pages.SingleRegistry, "--data", invalid, "--out", dir["out"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: --data {invalid} failed validation with ", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["out"]));
    }

    private JsonElement Report()
    {
        string monitoring = Path.Combine(pages.WalkthroughFiles, "registry", Name, "monitoring");
        string folder = Assert.Single(Directory.GetDirectories(monitoring));
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json"))).RootElement;
    }

    private static string Chart(string html, string kind)
    {
        int start = html.IndexOf($"data-chart=\"{kind}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    private static List<string> ChartKinds(string html) =>
        Regex.Matches(html, "<figure class=\"chart\" data-chart=\"([a-z]+)\"><svg").Select(m => m.Groups[1].Value).ToList();
}

using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.Registry;

namespace MatchModels.Cli.Tests.Retrain;

/// <summary>
/// The retraining loop through the real program, with two trainings in all (the champion, and the one the trigger
/// starts): refusals on missing and damaged evidence, a triggered retraining that waits as the candidate, the cooldown,
/// and a person's approval.
/// </summary>
public sealed class RetrainCommandTests
{
    private const string Name = "pair-success";

    /// <summary>
    /// A report in the shape <c>monitor</c> writes, reduced to what the triggers read: one window with dataset drift.
    /// Written by hand because the trigger is what is tested here; the report itself is tested in MonitorCommandTests.
    /// </summary>
    private static string DriftedReport(int version) => """
        {"model": "NAME", "version": VERSION, "generated_at_utc": "2026-03-01T00:00:00Z", "test_metrics": {"roc_auc": 0.7},
         "windows": [{"label": "2026-W09", "empty": false, "labelled": 0, "data_drift": {"drifted": true}, "realised": null, "estimated": {"auc": 0.7}}]}
        """.Replace("NAME", Name, StringComparison.Ordinal).Replace("VERSION", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Trains version 1 of a lenient pipeline with this retraining policy and makes it the champion.</summary>
    private static async Task<string> ChampionWithPolicy(TempDir dir, string retraining)
    {
        string registry = dir["models"];
        string pipeline = dir["pair-success.yaml"];
        string yaml = (await File.ReadAllTextAsync(TrainedRegistryFixture.Pipeline))
            .Replace("max_ece: 0.05", "max_ece: 0.5", StringComparison.Ordinal)
            .Replace("max_fairness_gap: 0.10", "max_fairness_gap: 1.0", StringComparison.Ordinal)
            + "\nmonitoring:\n  retraining:\n    triggers:\n      dataset_drift: {windows: 1, of_last: 1}\n" + retraining;
        await File.WriteAllTextAsync(pipeline, yaml);
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("train", pipeline, "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry, "--json"));
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", Name, "1", "--force", "--reason", "test set-up", "--registry", registry, "--json"));
        return registry;
    }

    [Fact]
    public async Task Without_approval_a_retrained_version_is_champion_only_if_it_beats_the_champion_on_the_same_window()
    {
        using var dir = new TempDir();
        string registry = await ChampionWithPolicy(dir, "    require_approval: false\n");
        var reg = new ModelRegistry(registry);
        string reportDir = Path.Combine(reg.ModelDirectory(Name), "monitoring", "20260301T000000Z");
        Directory.CreateDirectory(reportDir);
        await File.WriteAllTextAsync(Path.Combine(reportDir, "report.json"), DriftedReport(1));

        JsonElement decision = TrainedRegistryFixture.Json(await CliProcess.RunAsync("retrain", Name, "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry, "--json"));

        string outcome = decision.GetProperty("outcome").GetString()!;
        Assert.Contains(outcome, new[] { "promoted", "not_promoted" });
        Assert.Contains("candidate AUC", decision.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(outcome == "promoted" ? 2 : 1, reg.Aliases(Name)["champion"]);
        Assert.False(reg.Aliases(Name).ContainsKey("candidate"));
    }

    [Fact]
    public async Task A_triggered_retraining_waits_for_approval_and_every_decision_is_recorded()
    {
        using var dir = new TempDir();
        string registry = await ChampionWithPolicy(dir, "    cooldown_days: 7\n");
        var reg = new ModelRegistry(registry);
        ModelVersion v1 = reg.Open(Name, 1);
        Assert.True(v1.Manifest.Digests.Files.ContainsKey("monitoring.json"), "monitoring.json is covered by the manifest digests");

        // No report yet: refused, nothing trained, and the refusal recorded.
        CliProcess.Result none = await CliProcess.RunAsync("retrain", Name, "--data", RepoPaths.Sample, "--registry", registry);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("there is no monitoring report of this model", none.Stderr, StringComparison.Ordinal);
        Assert.Equal([1], reg.Versions(Name));

        // A damaged report: refused, naming it.
        string reportDir = Path.Combine(reg.ModelDirectory(Name), "monitoring", "20260301T000000Z");
        Directory.CreateDirectory(reportDir);
        await File.WriteAllTextAsync(Path.Combine(reportDir, "report.json"), "{\"model\": \"pair-success\", \"windows\": [");
        CliProcess.Result damaged = await CliProcess.RunAsync("retrain", Name, "--data", RepoPaths.Sample, "--registry", registry);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains("report.json is damaged", damaged.Stderr, StringComparison.Ordinal);
        Assert.Equal([1], reg.Versions(Name));

        // Sound evidence of drift: retrained, registered through the gates, waiting as the candidate.
        await File.WriteAllTextAsync(Path.Combine(reportDir, "report.json"), DriftedReport(1));
        JsonElement decision = TrainedRegistryFixture.Json(await CliProcess.RunAsync("retrain", Name, "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry, "--json"));
        Assert.Equal("awaiting_approval", decision.GetProperty("outcome").GetString());
        Assert.Equal(2, decision.GetProperty("new_version").GetInt32());
        Assert.StartsWith("triggered by dataset_drift", decision.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, reg.Aliases(Name)["candidate"]);
        Assert.Equal(1, reg.Aliases(Name)["champion"]);

        // The cooldown: the same evidence does not retrain again.
        JsonElement cooling = TrainedRegistryFixture.Json(await CliProcess.RunAsync("retrain", Name, "--data", RepoPaths.Sample, "--registry", registry, "--json"));
        Assert.Equal("not_triggered", cooling.GetProperty("outcome").GetString());
        Assert.StartsWith("in cooldown", cooling.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, 2], reg.Versions(Name));

        // Approval: refused for a version not awaiting it, then given for the candidate.
        CliProcess.Result wrong = await CliProcess.RunAsync("models", "approve", Name, "1", "--reason", "no", "--registry", registry);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains($"{Name}:1 is not awaiting approval", wrong.Stderr, StringComparison.Ordinal);
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "approve", Name, "2", "--reason", "read the fairness report", "--registry", registry, "--json"));
        Assert.Equal(2, reg.Aliases(Name)["champion"]);
        Assert.False(reg.Aliases(Name).ContainsKey("candidate"));

        JsonElement shown = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "show", $"{Name}:2", "--registry", registry, "--json"));
        Assert.Equal("approved", shown.GetProperty("status").GetString());
        string[] actions = [.. shown.GetProperty("decisions").EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];
        Assert.Equal(["awaiting_approval", "retrain_decision", "approved"], actions);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(reg.ModelDirectory(Name), "retraining", "decisions.jsonl")).Length);
    }
}

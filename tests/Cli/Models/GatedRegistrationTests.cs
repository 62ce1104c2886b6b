using System.Text.Json;

namespace MatchModels.Cli.Tests.Models;

/// <summary>A run whose gates fail is recorded but not registered; registering it later needs --force and a reason, which the history keeps.</summary>
public sealed class GatedRegistrationTests
{
    [Fact]
    public async Task A_run_failing_its_gates_is_not_registered_until_forced_with_a_reason()
    {
        using var dir = new TempDir();
        string yaml = (await File.ReadAllTextAsync(TrainedRegistryFixture.Pipeline)).Replace("min_auc: 0.60", "min_auc: 0.99", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir["strict.yaml"], yaml);
        string registry = dir["models"];

        JsonElement run = TrainedRegistryFixture.Json(await CliProcess.RunAsync("train", dir["strict.yaml"], "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry, "--json"));
        string runDir = Assert.Single(Directory.GetDirectories(Path.Combine(registry, "pair-success", "runs")));
        CliProcess.Result refused = await CliProcess.RunAsync("models", "register", runDir, "--registry", registry);
        CliProcess.Result forced = await CliProcess.RunAsync("models", "register", runDir, "--force", "--reason", "pilot with HR review", "--registry", registry, "--json");

        Assert.Equal("gates_failed", run.GetProperty("registration").GetProperty("status").GetString());
        Assert.Contains("min_auc", run.GetProperty("registration").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("fails its gates", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, TrainedRegistryFixture.Json(forced).GetProperty("version").GetInt32());
        string history = await File.ReadAllTextAsync(Path.Combine(registry, "pair-success", "history.jsonl"));
        Assert.Contains("pilot with HR review", history, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace MatchModels.Cli.Tests.Models;

/// <summary>A training process killed mid-run: its run says "interrupted", not "running" forever.</summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public async Task A_killed_training_shows_as_interrupted_in_the_run_listing()
    {
        using var dir = new TempDir();
        string registry = dir["models"];
        string runs = Path.Combine(registry, "pair-success", "runs");
        using (Process process = CliProcess.Start(new Dictionary<string, string>(), "train", TrainedRegistryFixture.Pipeline, "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(Directory.Exists(runs) && Directory.EnumerateFiles(runs, "pipeline.yaml", SearchOption.AllDirectories).Any()))
            {
                Assert.True(DateTime.UtcNow < deadline, "the training never created its run folder");
                await Task.Delay(20);
            }

            // While it trains, the run is running.
            JsonElement during = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "runs", "pair-success", "--registry", registry, "--json"));
            Assert.Equal("running", Assert.Single(during.EnumerateArray()).GetProperty("status").GetString());
            Assert.False(process.HasExited, "the training finished before it could be killed; the test proves nothing");

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        JsonElement after = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "runs", "pair-success", "--registry", registry, "--json"));
        JsonElement run = Assert.Single(after.EnumerateArray());
        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        Assert.Contains("ended before the run finished", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        CliProcess.Result table = await CliProcess.RunAsync("models", "runs", "pair-success", "--registry", registry);
        Assert.Contains("interrupted", table.Stdout, StringComparison.Ordinal);
    }
}

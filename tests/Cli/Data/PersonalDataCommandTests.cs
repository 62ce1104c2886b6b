using System.Text.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;

namespace MatchModels.Cli.Tests.Data;

/// <summary>data access, erase and retention through the real program, over a log and a registry written here.</summary>
public sealed class PersonalDataCommandTests
{
    private static readonly DateTime s_now = DateTime.UtcNow;

    [Fact]
    public async Task Erase_then_access_for_the_same_person_finds_nothing_in_any_store()
    {
        using var dir = new TempDir();
        await WriteAsync(dir);
        string[] stores = ["--log", dir["log"], "--registry", dir["models"], "--json"];

        JsonElement before = Json(await CliProcess.RunAsync(["data", "access", "--participant", "alice", .. stores]));
        Assert.Equal((2, 1), (before.GetProperty("predictions").GetArrayLength(), before.GetProperty("outcomes").GetArrayLength()));
        Assert.Equal("trained on their data", before.GetProperty("versions")[0].GetProperty("finding").GetString());

        JsonElement erased = Json(await CliProcess.RunAsync(["data", "erase", "--participant", "alice", .. stores]));
        Assert.Equal((2, 1), (erased.GetProperty("predictions").GetInt32(), erased.GetProperty("outcomes").GetInt32()));
        Assert.Equal(1, erased.GetProperty("trained_on")[0].GetProperty("version").GetInt32());

        JsonElement after = Json(await CliProcess.RunAsync(["data", "access", "--participant", "alice", .. stores]));
        Assert.Equal((0, 0), (after.GetProperty("predictions").GetArrayLength(), after.GetProperty("outcomes").GetArrayLength()));
        JsonElement bob = Json(await CliProcess.RunAsync(["data", "access", "--participant", "bob", .. stores]));
        Assert.Equal(1, bob.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public async Task Retention_with_a_dry_run_counts_and_removes_nothing()
    {
        using var dir = new TempDir();
        await WriteAsync(dir);

        CliProcess.Result r = await CliProcess.RunAsync("data", "retention", "--predictions-days", "1", "--dry-run", "--log", dir["log"], "--registry", dir["models"], "--json");

        Assert.Equal(1, Json(r).GetProperty("predictions").GetInt32());
        Assert.Equal(3, (await PredictionLogReader.ReadPredictionsAsync(dir["log"], DateOnly.MinValue, DateOnly.MaxValue)).Count);
    }

    [Theory]
    [InlineData("erase", "--participant", "", "none empty")]
    [InlineData("access", "--history", "no/such/dir", "--history: no/such/dir is not a folder")]
    [InlineData("retention", "--predictions-days", "0", "a retention period is a whole number of days")]
    public async Task Bad_arguments_exit_2_naming_the_option_and_change_nothing(string command, string option, string value, string message)
    {
        using var dir = new TempDir();
        await WriteAsync(dir);
        string[] extra = command == "access" ? ["--participant", "alice"] : [];

        CliProcess.Result r = await CliProcess.RunAsync(["data", command, option, value, .. extra, "--log", dir["log"], "--registry", dir["models"]]);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr + r.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await PredictionLogReader.ReadPredictionsAsync(dir["log"], DateOnly.MinValue, DateOnly.MaxValue)).Count);
    }

    [Fact]
    public async Task Erase_without_a_participant_is_a_usage_error()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "erase");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--participant", r.Stderr, StringComparison.Ordinal);
    }

    private static async Task WriteAsync(TempDir dir)
    {
        PredictionRecord P(string request, string pair, DateTime t) => new() { RequestId = request, TimeUtc = t, KeyId = "k", Model = "m", Version = 1, PairId = pair, Features = [1f], Probability = 0.6, Label = true };
        await DayPartitionedParquet.WriteAsync(Path.Combine(dir["log"], PredictionLogReader.PredictionsFolder),
            [P("r1", "alice→mentor-1", s_now.AddDays(-3)), P("r2", "alice→mentor-2", s_now), P("r3", "bob→mentor-1", s_now)], r => r.TimeUtc, s_now);
        await DayPartitionedParquet.WriteAsync(Path.Combine(dir["log"], PredictionLogReader.OutcomesFolder),
            [new OutcomeRecord { PairId = "alice→mentor-1", Success = true, ObservedAtUtc = s_now, ReceivedAtUtc = s_now }], r => r.ReceivedAtUtc, s_now);
        var registry = new ModelRegistry(dir["models"]);
        byte[] lineage = TrainingLineage.Write(TrainingLineage.Salt(registry.Root), ["alice", "mentor-1"]);
        new RegisterModelVersion(registry, TimeProvider.System).Run("m", [1, 2, 3], (v, now) => new VersionContent(
            new ModelManifest(ModelManifest.CurrentFormat, "m", v, ModelManifest.SourceImported, now, new OnnxSignature("model.onnx", "features", 1, "probability", 8, new Dictionary<string, long>()),
                new FeatureSpec("pair-success", ["f"], null, null, null, null), 0.5, null, null, null, new Dictionary<string, double>(), null, [], null, null, null, [], null, null,
                null, null, null, null, new ManifestDigests("", new Dictionary<string, string>(), "")),
            new Dictionary<string, byte[]> { [TrainingLineage.FileName] = lineage }));
    }

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }
}

using System.Text.Json;

namespace MatchModels.Cli.Tests.Models;

/// <summary>The registry through the real program: train registers, then list, show, compare, promote, rollback and delete.</summary>
public sealed class RegistryCommandTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    private const string Name = "pair-success";

    [Fact]
    public void Two_trainings_registering_at_the_same_moment_get_different_numbers()
    {
        int[] versions = trained.Runs.Select(r => TrainedRegistryFixture.Json(r).GetProperty("registration"))
            .Select(reg =>
            {
                Assert.Equal("registered", reg.GetProperty("status").GetString());
                Assert.True(reg.GetProperty("parity").GetProperty("max_abs_difference").GetDouble() <= 1e-5);
                return reg.GetProperty("version").GetInt32();
            }).Order().ToArray();

        Assert.Equal([1, 2], versions);
    }

    [Fact]
    public async Task Runs_lists_both_finished_runs_with_their_trainer_and_version()
    {
        JsonElement runs = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "runs", Name, "--registry", trained.Registry, "--json"));

        Assert.Equal(2, runs.GetArrayLength());
        Assert.All(runs.EnumerateArray(), r =>
        {
            Assert.Equal("succeeded", r.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("trainer").GetString()));
            Assert.InRange(r.GetProperty("test_roc_auc").GetDouble(), 0.5, 1.0);
        });
        Assert.Equal([1, 2], runs.EnumerateArray().Select(r => r.GetProperty("registered_version").GetInt32()).Order());
    }

    [Fact]
    public async Task List_and_show_describe_the_versions_as_json()
    {
        JsonElement list = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "list", "--registry", trained.Registry, "--json"));
        JsonElement show = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "show", $"{Name}:2", "--registry", trained.Registry, "--json"));

        Assert.Equal([1, 2], list.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        JsonElement manifest = show.GetProperty("manifest");
        Assert.Equal(2, manifest.GetProperty("version").GetInt32());
        Assert.Equal("features", manifest.GetProperty("onnx").GetProperty("input").GetString());
        Assert.Equal(manifest.GetProperty("features").GetProperty("names").GetArrayLength(), manifest.GetProperty("onnx").GetProperty("width").GetInt32());
        Assert.True(manifest.GetProperty("features").GetProperty("state").GetProperty("vocabulary").ValueKind == JsonValueKind.Object);
        foreach (string file in (string[])["model.onnx", "model.json", "card.md", "MLmodel", "pipeline.yaml", "report.html"])
        {
            Assert.True(File.Exists(Path.Combine(show.GetProperty("directory").GetString()!, file)), file);
        }
    }

    [Fact]
    public async Task The_model_card_states_intended_use_metrics_and_how_to_reproduce()
    {
        string card = await File.ReadAllTextAsync(Path.Combine(trained.Registry, Name, "versions", "1", "card.md"));

        Assert.Contains("## Intended use", card, StringComparison.Ordinal);
        Assert.Contains("a person decides", card, StringComparison.Ordinal);
        Assert.Contains("Automatic decisions about employees", card, StringComparison.Ordinal);
        Assert.Contains("| Brier score |", card, StringComparison.Ordinal);
        Assert.Contains("## Fairness", card, StringComparison.Ordinal);
        Assert.Contains("matchmodels train pipeline.yaml", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_lines_up_metrics_importance_data_and_pipeline()
    {
        JsonElement c = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "compare", Name, "1", "2", "--registry", trained.Registry, "--json"));

        Assert.Contains(c.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("name").GetString() == "roc_auc" && m.TryGetProperty("difference", out _));
        Assert.NotEqual(0, c.GetProperty("importance").GetArrayLength());
        Assert.All(c.GetProperty("data").EnumerateArray(), d => Assert.True(d.GetProperty("same").GetBoolean()));
        Assert.Equal(0, c.GetProperty("pipeline_diff").GetArrayLength());
    }

    [Fact]
    public async Task Promote_then_rollback_moves_the_champion_and_keeps_the_history()
    {
        using TempDir copy = trained.Copy();
        string reg = copy.Path;

        JsonElement first = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", Name, "1", "--registry", reg, "--json"));
        // Version 2 is the same model retrained, so its AUC interval straddles the champion's value: min_improvement is
        // inconclusive, and a person promotes it with a reason.
        CliProcess.Result unsure = await CliProcess.RunAsync("models", "promote", Name, "2", "--registry", reg);
        JsonElement second = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", Name, "2", "--registry", reg, "--reason", "same model, retrained", "--json"));
        JsonElement back = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "rollback", Name, "--registry", reg, "--json"));
        JsonElement shown = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "show", Name, "--registry", reg, "--json"));

        Assert.True(first.GetProperty("gates").GetProperty("passed").GetBoolean());
        Assert.Equal(1, unsure.ExitCode);
        Assert.Contains("min_improvement", unsure.Stderr, StringComparison.Ordinal);
        Assert.True(second.GetProperty("reviewed").GetBoolean());
        Assert.Equal(1, second.GetProperty("change").GetProperty("previous").GetInt32());
        Assert.Equal(1, back.GetProperty("version").GetInt32());
        Assert.Equal(1, shown.GetProperty("manifest").GetProperty("version").GetInt32());
        Assert.Equal(["champion"], shown.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        string[] history = await File.ReadAllLinesAsync(Path.Combine(reg, Name, "history.jsonl"));
        Assert.Contains(history, l => l.Contains("\"rolled_back\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_the_champion_is_refused_and_another_version_can_go()
    {
        using TempDir copy = trained.Copy();
        string reg = copy.Path;
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", Name, "1", "--registry", reg, "--json"));

        CliProcess.Result refused = await CliProcess.RunAsync("models", "delete", Name, "1", "--registry", reg);
        CliProcess.Result deleted = await CliProcess.RunAsync("models", "delete", Name, "2", "--registry", reg, "--json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is the champion", refused.Stderr, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(["1"], Directory.GetDirectories(Path.Combine(reg, Name, "versions")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_tampered_model_is_refused_by_every_reader()
    {
        using TempDir copy = trained.Copy();
        string reg = copy.Path;
        string onnx = Path.Combine(reg, Name, "versions", "2", "model.onnx");
        byte[] bytes = await File.ReadAllBytesAsync(onnx);
        await File.WriteAllBytesAsync(onnx, bytes[..^10]);

        CliProcess.Result show = await CliProcess.RunAsync("models", "show", $"{Name}:2", "--registry", reg);
        CliProcess.Result promote = await CliProcess.RunAsync("models", "promote", Name, "2", "--registry", reg);
        CliProcess.Result compare = await CliProcess.RunAsync("models", "compare", Name, "1", "2", "--registry", reg);

        foreach (CliProcess.Result r in (CliProcess.Result[])[show, promote, compare])
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("model.onnx does not match the digest recorded in model.json", r.Stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(reg, Name, "aliases.json")));
    }

    [Theory]
    [InlineData("show", "pair-success:9", "no version 9")]
    [InlineData("show", "nope", "has no registered version")]
    [InlineData("show", "Pair", "not a valid model name")]
    [InlineData("rollback", "pair-success", "no 'champion' alias")]
    public async Task Unknown_models_versions_and_aliases_are_named(string command, string argument, string expected)
    {
        CliProcess.Result r = await CliProcess.RunAsync("models", command, argument, "--registry", trained.Registry);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("show", "pair-success:1")]
    [InlineData("compare", "pair-success", "1", "2")]
    public async Task Text_output_is_printed_for_people(string command, params string[] arguments)
    {
        CliProcess.Result r = await CliProcess.RunAsync(["models", command, .. arguments, "--registry", trained.Registry]);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("pair-success", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_without_a_reason_is_refused()
    {
        CliProcess.Result r = await CliProcess.RunAsync("models", "promote", Name, "1", "--force", "--registry", trained.Registry);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--force needs --reason", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(trained.Registry, Name, "aliases.json")));
    }
}

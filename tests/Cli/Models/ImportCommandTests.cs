using System.Diagnostics;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;

namespace MatchModels.Cli.Tests.Models;

/// <summary>models import through the real program, with ONNX files the test writes itself.</summary>
public sealed class ImportCommandTests
{
    private static readonly float[] s_weights = [0.5f, -1.25f, 2f];
    private const float Bias = -0.1f;
    private const string Spec = """{"task": "pair-success", "features": ["skill_jaccard", "level_gap", "goals_similarity"], "threshold": 0.4}""";

    [Fact]
    public async Task A_model_whose_signature_matches_the_spec_is_registered_and_scores_as_written()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias), Spec);

        JsonElement imported = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"], "--json"));

        Assert.Equal(1, imported.GetProperty("version").GetInt32());
        ModelVersion v = new ModelRegistry(dir["models"]).Open("foreign", 1);
        Assert.Equal(ModelManifest.SourceImported, v.Manifest.Source);
        Assert.Equal(3, v.Manifest.Onnx.Width);
        Assert.Equal(17, v.Manifest.Onnx.Opsets["ai.onnx"]);
        Assert.Equal(["skill_jaccard", "level_gap", "goals_similarity"], v.Manifest.Features.Names);
        float[] row = [0.2f, 1f, 0.7f];
        using OnnxModelScorer scorer = OnnxModelScorer.Load(v.OnnxPath);
        Assert.Equal(ForeignOnnxModel.Expected(s_weights, Bias, row), scorer.Score(row, 1)[0], 6);
    }

    [Fact]
    public async Task A_wrong_width_is_refused_with_what_was_expected_and_found()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic([1f, 2f, 3f, 4f], 0), Spec);

        CliProcess.Result r = await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("expected input 'features' float[N, 3]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("found 'features' float[N, 4]", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(new ModelRegistry(dir["models"]).Names());
    }

    [Fact]
    public async Task A_wrong_output_name_is_refused()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias, output: "probabilities"), Spec);

        CliProcess.Result r = await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("expected an output 'probability' float[N], found outputs 'probabilities' float[N]", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_names_for_input_and_output_are_honoured()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias, input: "float_input", output: "p"),
            """{"task": "dropout", "features": ["a", "b", "c"], "input": "float_input", "output": "p", "horizon_days": 30}""");

        CliProcess.Result r = await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]);

        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("""{"task": "pair-success"}""", "features")]
    [InlineData("""{"task": "pair-success", "features": ["a", "b", "c"], "colour": "red"}""", "colour")]
    [InlineData("""{"task": "churn", "features": ["a", "b", "c"]}""", "task must be 'pair-success' or 'dropout'")]
    [InlineData("""{"task": "pair-success", "features": ["a", "a", "c"]}""", "distinct")]
    [InlineData("""{"task": "pair-success", "features": ["a", "b", "c"], "threshold": 2}""", "threshold")]
    [InlineData("not json", "not a valid feature spec")]
    public async Task A_bad_feature_spec_is_refused_and_nothing_is_written(string spec, string expected)
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias), spec);

        CliProcess.Result r = await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["models"]));
    }

    [Fact]
    public async Task A_file_that_is_not_onnx_is_refused()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, "hello, I am not a model"u8.ToArray(), Spec);

        CliProcess.Result r = await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a readable ONNX model", r.Stderr + r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_imports_get_distinct_numbers()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias), Spec);

        CliProcess.Result[] runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"], "--json")));

        Assert.Equal(Enumerable.Range(1, 6), runs.Select(r => TrainedRegistryFixture.Json(r).GetProperty("version").GetInt32()).Order());
    }

    [Fact]
    public async Task A_process_killed_mid_registration_leaves_no_visible_version()
    {
        using var dir = new TempDir();
        await WriteAsync(dir, ForeignOnnxModel.Logistic(s_weights, Bias), Spec);
        var pause = new Dictionary<string, string> { [RegisterModelVersion.PauseBeforePublishVariable] = "60000" };

        using (Process process = CliProcess.Start(pause, "models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"]))
        {
            // Wait until the version is complete in staging (model.json written), then kill before the rename.
            string staging = Path.Combine(dir["models"], "foreign", ModelRegistry.StagingFolder);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(Directory.Exists(staging) && Directory.EnumerateFiles(staging, "model.json", SearchOption.AllDirectories).Any()))
            {
                Assert.True(DateTime.UtcNow < deadline, "the import never reached the publish step");
                await Task.Delay(50);
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var registry = new ModelRegistry(dir["models"]);
        Assert.Empty(registry.Versions("foreign"));
        JsonElement list = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "list", "--registry", dir["models"], "--json"));
        Assert.Equal(0, list.GetArrayLength());
        JsonElement next = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"], "--json"));
        Assert.Equal(1, next.GetProperty("version").GetInt32());
        Assert.NotNull(registry.Open("foreign", 1));

        // The dead process's staging folder and its lease went with the next registration, not an hour later.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir["models"], "foreign", ModelRegistry.StagingFolder)));
    }

    private static async Task WriteAsync(TempDir dir, byte[] onnx, string spec)
    {
        await File.WriteAllBytesAsync(dir["m.onnx"], onnx);
        await File.WriteAllTextAsync(dir["spec.json"], spec);
    }
}

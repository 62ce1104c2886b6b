using System.Globalization;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Cli.Tests.Predict;

/// <summary><c>matchmodels predict</c> through the real program, on the sample and a registry trained on it.</summary>
public sealed partial class PredictCommandTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    private const string Name = "pair-success";

    [Fact]
    public async Task Scores_every_pair_of_the_sample_into_parquet()
    {
        using var dir = new TempDir();
        string output = dir["predictions.parquet"];

        JsonElement result = TrainedRegistryFixture.Json(await CliProcess.RunAsync("predict", $"{Name}:2", "--data", RepoPaths.Sample, "--out", output, "--registry", trained.Registry, "--json"));

        ProgrammeHistory history = await SampleAsync();
        var problems = new ProblemList();
        RawTable table = (await ParquetTableReader.ReadAsync(output, problems))!;
        Assert.Equal(history.Pairs.Count, table.RowCount);
        Assert.Equal(history.Pairs.Count, result.GetProperty("pairs").GetInt32());
        Assert.Equal(["pair_id", "mentee_id", "mentor_id", "as_of", "model", "version", "probability", "label"], table.Columns.Select(c => c.Name));
        Assert.Equal(history.Pairs.Select(p => p.PairId).Order(StringComparer.Ordinal), table.Columns[0].Values.Cast<string>().Order(StringComparer.Ordinal));
        Assert.True(result.GetProperty("labelled").GetInt32() > 0, "the trained pipeline's label rule should label most sample pairs");
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.partial", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task Probabilities_equal_the_pair_scorer_on_the_same_snapshots()
    {
        using var dir = new TempDir();
        string output = dir["predictions.csv"];

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", output, "--registry", trained.Registry);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("scored", r.Stderr, StringComparison.Ordinal);
        string[] lines = await File.ReadAllLinesAsync(output);
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c, StringComparer.Ordinal);
        ProgrammeHistory history = await SampleAsync();
        Assert.Equal(history.Pairs.Count, rows.Count);
        ModelVersion version = new ModelRegistry(trained.Registry).Open(ModelReference.Parse($"{Name}:1"));
        using PairScorer scorer = PairScorer.Open(version);
        PairFeatureBuilder builder = PairFeatureBuilder.For(version.Manifest.Features.State!);
        Pair[] spot = [history.Pairs[0], history.Pairs[history.Pairs.Count / 2], history.Pairs[^1]];
        float[] expected = scorer.Score(builder.Snapshots(new PointInTimeHistory(history), spot));
        int probability = Array.IndexOf(header, "probability");
        int versionColumn = Array.IndexOf(header, "version");
        for (int i = 0; i < spot.Length; i++)
        {
            string[] row = rows[spot[i].PairId];
            Assert.Equal(expected[i], double.Parse(row[probability], CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal("1", row[versionColumn]);
        }
    }

    [Fact]
    public async Task An_unknown_model_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("predict", "no-such-model", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--registry", trained.Registry);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no-such-model", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task An_unknown_extension_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.xlsx"], "--registry", trained.Registry);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(".xlsx", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task An_existing_output_is_refused_and_left_as_it_was()
    {
        using var dir = new TempDir();
        string output = dir["p.csv"];
        await File.WriteAllTextAsync(output, "keep me");

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", output, "--registry", trained.Registry);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("already exists", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Data_failing_validation_is_a_problem_and_nothing_is_written()
    {
        using TempDir data = TempDir.CopyOf(RepoPaths.Sample);
        File.Delete(data["participants.parquet"]);
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", data.Path, "--out", dir["p.parquet"], "--registry", trained.Registry);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("failed validation", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("participants", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task An_imported_version_without_a_fitted_state_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir["m.onnx"], ForeignOnnxModel.Logistic([0.5f, -1.25f], 0.1f));
        await File.WriteAllTextAsync(dir["spec.json"], """{"task": "pair-success", "features": ["skill_jaccard", "level_gap"], "threshold": 0.5}""");
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "import", "foreign", dir["m.onnx"], "--features", dir["spec.json"], "--registry", dir["models"], "--json"));

        CliProcess.Result r = await CliProcess.RunAsync("predict", "foreign:1", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--registry", dir["models"]);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("without a fitted feature state", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["p.parquet"]));
    }

    private static async Task<ProgrammeHistory> SampleAsync()
    {
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample);
        Assert.True(loaded.Ok);
        return loaded.History!;
    }
}

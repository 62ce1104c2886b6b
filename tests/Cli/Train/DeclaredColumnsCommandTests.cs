using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;

namespace MatchModels.Cli.Tests.Train;

/// <summary>
/// Declared columns end to end through the real program (ADR 0021): train on a generated history to which the test
/// adds columns, register, and score it with predict; a history without the columns is refused, nothing written.
/// </summary>
public sealed class DeclaredColumnsCommandTests
{
    [Fact]
    public async Task Trains_registers_and_batch_scores_with_declared_columns()
    {
        using var dir = new TempDir();
        string data = dir["data"], registry = dir["models"], output = dir["predictions.csv"];
        await HistoryWithColumns.WriteSampleAsync(data, TableFormat.Csv);
        string pipeline = await HistoryWithColumns.WritePipelineAsync(dir.Path);

        CliProcess.Result validate = await CliProcess.RunAsync("data", "validate", data, "--pipeline", pipeline);
        CliProcess.Result train = await CliProcess.RunAsync("train", pipeline, "--data", data, "--trials", "2", "--registry", registry, "--json");
        CliProcess.Result predict = await CliProcess.RunAsync("predict", "pair-success:1", "--data", data, "--out", output, "--registry", registry, "--log", dir["log"]);
        CliProcess.Result monitor = await CliProcess.RunAsync("monitor", "pair-success:1", "--log", dir["log"], "--time", "as-of", "--window", "month", "--out", dir["report"], "--registry", registry, "--json");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.True(train.ExitCode == 0, train.ToString());
        using (JsonDocument run = JsonDocument.Parse(train.Stdout))
        {
            Assert.Contains("custom_band_same", run.RootElement.GetProperty("declared_features").EnumerateArray().Select(f => f.GetString()));
        }

        Assert.True(predict.ExitCode == 0, predict.ToString());
        ModelVersion version = new ModelRegistry(registry).Open("pair-success", 1);
        using PairScorer scorer = PairScorer.Open(version);
        ProgrammeHistory history = (await LoadProgrammeHistory.FromDirectoryAsync(data, scorer.DeclaredColumns)).History!;
        Pair[] spot = [history.Pairs[0], history.Pairs[history.Pairs.Count / 2], history.Pairs[^1]];
        float[] expected = scorer.Score(PairFeatureBuilder.For(version.Manifest.Features.State!).Snapshots(new PointInTimeHistory(history), spot));
        string[] lines = await File.ReadAllLinesAsync(output);
        int probability = Array.IndexOf(lines[0].Split(','), "probability");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => double.Parse(c[probability], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(history.Pairs.Count, rows.Count);
        for (int i = 0; i < spot.Length; i++)
        {
            Assert.Equal(expected[i], rows[spot[i].PairId], 1e-6);
        }

        // The drift monitor compares the declared features with their training reference like any other.
        Assert.True(monitor.ExitCode == 0, monitor.ToString());
        using (JsonDocument report = JsonDocument.Parse(monitor.Stdout))
        {
            JsonElement window = report.RootElement.GetProperty("report").GetProperty("windows").EnumerateArray().First(w => w.GetProperty("data_drift").ValueKind == JsonValueKind.Object);
            Assert.Contains("custom_band_same", window.GetProperty("data_drift").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetString()));
        }

        // The same version on a history without its declared columns: refused, named, nothing written.
        string refused = dir["refused.csv"];
        CliProcess.Result without = await CliProcess.RunAsync("predict", "pair-success:1", "--data", RepoPaths.Sample, "--out", refused, "--registry", registry);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("column band: missing required column", without.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(refused));
    }

    [Fact]
    public async Task A_bad_columns_section_is_refused_with_its_line_and_nothing_is_trained()
    {
        using var dir = new TempDir();
        string pipeline = dir["bad.yaml"];
        string yaml = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml"));
        await File.WriteAllTextAsync(pipeline, yaml + "\ncolumns:\n  - name: band\n    type: category\n    features: [ratio]\n");

        CliProcess.Result r = await CliProcess.RunAsync("train", pipeline, "--data", RepoPaths.Sample, "--trials", "1", "--registry", dir["models"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("columns[0].features: 'ratio' does not fit a category column, which takes mentee, mentor, same", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["models"]));
    }
}

using System.Globalization;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Cli.Tests.Predict;

/// <summary><c>matchmodels predict --log DIR</c>: the batch's rows in the prediction log, read by monitor and the data commands.</summary>
public sealed partial class PredictCommandTests
{
    [Fact]
    public async Task Logs_every_scored_pair_as_a_batch_row_that_monitor_reads()
    {
        using var dir = new TempDir();
        string log = dir["log"];

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--log", log, "--registry", trained.Registry);

        Assert.True(r.ExitCode == 0, r.ToString());
        ProgrammeHistory history = await SampleAsync();
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> rows = await PredictionLogReader.ReadPredictionsAsync(log, today.AddDays(-1), today.AddDays(1));
        Assert.Equal(history.Pairs.Count, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal((PredictionRecord.BatchRoute, "cli", PredictionRecord.PrimaryRole, Name, 1), (row.Route, row.KeyId, row.Role, row.Model, row.Version));
            Assert.Contains('→', row.PairId!);
            Assert.NotEmpty(row.Features);
        });
        Assert.Equal(rows.Count, rows.Select(x => x.RequestId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(history.Pairs.Select(p => $"{p.MenteeId}→{p.MentorId}").Order(StringComparer.Ordinal), rows.Select(x => x.PairId!).Order(StringComparer.Ordinal));
        // Each row keeps the cut-off it was scored at (the match date for pair-success), for monitor --time as-of.
        Dictionary<string, DateTime> matched = history.Pairs.ToDictionary(p => $"{p.MenteeId}→{p.MentorId}", p => p.MatchedAt, StringComparer.Ordinal);
        Assert.All(rows, row => Assert.Equal(matched[row.PairId!], row.AsOfUtc));
        Assert.Empty(Directory.EnumerateFiles(log, ".*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));

        JsonElement report = TrainedRegistryFixture.Json(await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--out", dir["report"], "--registry", trained.Registry, "--json"));
        Assert.Equal(history.Pairs.Count, report.GetProperty("report").GetProperty("log").GetProperty("monitored").GetInt32());
    }

    [Fact]
    public async Task Data_access_finds_a_participants_batch_rows_and_erase_removes_them()
    {
        using var dir = new TempDir();
        string log = dir["log"];
        Assert.Equal(0, (await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.csv"], "--log", log, "--registry", trained.Registry)).ExitCode);
        string mentee = (await SampleAsync()).Pairs[0].MenteeId;
        string[] stores = ["--log", log, "--registry", dir["no-registry"], "--json"];

        JsonElement before = TrainedRegistryFixture.Json(await CliProcess.RunAsync(["data", "access", "--participant", mentee, .. stores]));
        TrainedRegistryFixture.Json(await CliProcess.RunAsync(["data", "erase", "--participant", mentee, .. stores]));
        JsonElement after = TrainedRegistryFixture.Json(await CliProcess.RunAsync(["data", "access", "--participant", mentee, .. stores]));

        int theirs = (await SampleAsync()).Pairs.Count(p => p.MenteeId == mentee || p.MentorId == mentee);
        Assert.Equal(theirs, before.GetProperty("predictions").GetArrayLength());
        Assert.Equal(0, after.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public async Task A_log_folder_that_is_a_file_or_under_a_missing_folder_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir["a-file"], "not a folder");

        CliProcess.Result file = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--log", dir["a-file"], "--registry", trained.Registry);
        CliProcess.Result missing = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--log", Path.Combine(dir["no-such"], "log"), "--registry", trained.Registry);

        Assert.True(file.ExitCode == 2, file.ToString());
        Assert.Contains("is a file, not a prediction log folder", file.Stderr, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a-file"], Directory.EnumerateFileSystemEntries(dir.Path, "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_log_that_cannot_be_written_fails_and_leaves_neither_the_output_nor_a_partial_file()
    {
        using var dir = new TempDir();
        string predictions = Path.Combine(dir["log"], PredictionLogReader.PredictionsFolder);
        Directory.CreateDirectory(predictions);
        // Today's partition taken by a file: the write fails after the scoring, the way a full or broken disk would.
        await File.WriteAllTextAsync(Path.Combine(predictions, $"day={DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"), "blocking");

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["p.parquet"], "--log", dir["log"], "--registry", trained.Registry);

        Assert.NotEqual(0, r.ExitCode);
        Assert.False(File.Exists(dir["p.parquet"]), "the output of a run whose log failed is removed");
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }), f => Path.GetFileName(f).StartsWith('.'));
        Assert.Single(Directory.EnumerateFileSystemEntries(predictions));
    }
}

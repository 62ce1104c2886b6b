using System.Text;
using MatchModels.Core.History;
using MatchModels.Core.PersonalData;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Tests.Registry;

namespace MatchModels.Core.Tests.PersonalData;

/// <summary>
/// A log, outcomes, a registry and a run folder holding rows about two people, A and B: request r1 scored only A's
/// pair, r2 scored one pair of each, r3 only B's. Access finds A's rows everywhere; erasure removes exactly them.
/// </summary>
public sealed class PersonalDataTests
{
    private static readonly DateTime s_now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Access_finds_a_persons_predictions_outcomes_run_rows_and_the_versions_trained_on_them()
    {
        using var dir = new TempDir();
        Stores s = await WriteStoresAsync(dir);

        ParticipantData a = await FindParticipantData.RunAsync(s.Paths, s.A);

        Assert.Equal(["r1", "r2"], a.Predictions.Select(p => p.RequestId).Order());
        Assert.All(a.Predictions, p => Assert.StartsWith(s.A + "→", p.PairId, StringComparison.Ordinal));
        // The pair's own outcome and the one of the request that scored only A; r2 also scored B, so its outcome is not A's.
        Assert.Equal([$"{s.A}→M1|", "|r1"], a.Outcomes.Select(o => $"{o.PairId}|{o.RequestId}").Order(StringComparer.Ordinal));
        Assert.Equal([s.HistoryPair], a.RunPredictions.Select(r => r.PairId));
        Assert.Equal(
            [new VersionLineage("m", 1, "trained on their data"), new VersionLineage("m", 2, "not trained on their data"), new VersionLineage("m", 3, "unknown: registered without lineage")],
            a.Versions);
    }

    [Fact]
    public async Task Erasure_removes_exactly_that_persons_rows_and_names_the_versions_trained_on_them()
    {
        using var dir = new TempDir();
        Stores s = await WriteStoresAsync(dir);
        ParticipantData before = await FindParticipantData.RunAsync(s.Paths, s.B);

        ErasureResult erased = await EraseParticipantData.RunAsync(s.Paths, [s.A]);

        Assert.Equal((2, 2, 1), (erased.Predictions, erased.Outcomes, erased.RunPredictions));
        Assert.Equal([new VersionLineage("m", 1, "trained on their data")], erased.TrainedOn);
        Assert.Equal([new VersionLineage("m", 3, "unknown: registered without lineage")], erased.Unknown);
        ParticipantData after = await FindParticipantData.RunAsync(s.Paths, s.A);
        Assert.False(after.HoldsAnything, "rows about A remain after erasure");

        // B's rows, including B's pair in the request A shared, are untouched, and so is the run's other row.
        ParticipantData b = await FindParticipantData.RunAsync(s.Paths, s.B);
        Assert.Equal(before.Predictions.Count, b.Predictions.Count);
        Assert.Equal(2, (await PredictionLogReader.ReadPredictionsAsync(s.Paths.LogFolder!, DateOnly.MinValue, DateOnly.MaxValue)).Count);
        IReadOnlyList<OutcomeRecord> outcomes = await PredictionLogReader.ReadOutcomesAsync(s.Paths.LogFolder!, DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Equal([$"{s.B}→M1|", "|r2"], outcomes.Select(o => $"{o.PairId}|{o.RequestId}").Order(StringComparer.Ordinal));
        Assert.Equal(2, (await File.ReadAllLinesAsync(s.RunFile)).Length);
        Assert.Empty(Directory.EnumerateFiles(s.Paths.LogFolder!, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Without_the_history_run_folders_are_not_searched_and_the_result_says_so()
    {
        using var dir = new TempDir();
        Stores s = await WriteStoresAsync(dir);

        ParticipantData a = await FindParticipantData.RunAsync(s.Paths with { HistoryFolder = null }, s.A);

        Assert.Empty(a.RunPredictions);
        Assert.Contains(a.Notes, n => n.Contains("--history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_drops_old_rows_rewrites_straddling_files_and_old_runs_test_predictions()
    {
        using var dir = new TempDir();
        Stores s = await WriteStoresAsync(dir);
        string folder = s.Paths.PredictionsFolder!;
        await DayPartitionedParquet.WriteAsync(folder, [Prediction("old", "x→y", s_now.AddDays(-400))], r => r.TimeUtc, s_now);
        await DayPartitionedParquet.WriteAsync(folder, [Prediction("edge-old", "x→y", s_now.AddDays(-30).AddHours(-1)), Prediction("edge-new", "x→y", s_now.AddDays(-30).AddHours(1))], r => r.TimeUtc, s_now);

        RetentionResult dry = await EnforceRetention.RunAsync(s.Paths, new RetentionPeriods(30, 30, 30), s_now, dryRun: true);
        int filesBefore = PersonalDataStoresFiles(folder);
        RetentionResult done = await EnforceRetention.RunAsync(s.Paths, new RetentionPeriods(30, 30, 30), s_now);

        Assert.Equal(dry, done);
        Assert.Equal((2, 0, 1), (done.Predictions, done.Outcomes, done.RunFiles));
        Assert.Equal(filesBefore - done.FilesDeleted, PersonalDataStoresFiles(folder));
        IReadOnlyList<PredictionRecord> left = await PredictionLogReader.ReadPredictionsAsync(s.Paths.LogFolder!, DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Equal(["edge-new", "r1", "r2", "r2", "r3"], left.Select(r => r.RequestId).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(s.RunFile));
    }

    private static int PersonalDataStoresFiles(string folder) => Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Count();

    private sealed record Stores(PersonalDataStores Paths, string A, string B, string HistoryPair, string RunFile);

    /// <summary>A is a mentee of the sample history (so a run's pair ids tie to them through it), B another mentee.</summary>
    private static async Task<Stores> WriteStoresAsync(TempDir dir)
    {
        ProgrammeHistory history = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        Pair pairOfA = history.Pairs[0];
        string a = pairOfA.MenteeId;
        Pair other = history.Pairs.First(p => p.MenteeId != a && p.MentorId != a);
        string b = other.MenteeId;

        string log = dir["log"];
        PredictionRecord[] predictions =
        [
            Prediction("r1", $"{a}→M1", s_now.AddDays(-2)),
            Prediction("r2", $"{a}→M2", s_now.AddDays(-1)),
            Prediction("r2", $"{b}→M2", s_now.AddDays(-1)),
            Prediction("r3", $"{b}→M1", s_now),
        ];
        await DayPartitionedParquet.WriteAsync(Path.Combine(log, PredictionLogReader.PredictionsFolder), predictions, r => r.TimeUtc, s_now);
        OutcomeRecord[] outcomes =
        [
            new() { PairId = $"{a}→M1", Success = true, ObservedAtUtc = s_now, ReceivedAtUtc = s_now },
            new() { RequestId = "r1", Success = true, ObservedAtUtc = s_now, ReceivedAtUtc = s_now },
            new() { RequestId = "r2", Success = false, ObservedAtUtc = s_now, ReceivedAtUtc = s_now },
            new() { PairId = $"{b}→M1", Success = false, ObservedAtUtc = s_now, ReceivedAtUtc = s_now },
        ];
        await DayPartitionedParquet.WriteAsync(Path.Combine(log, PredictionLogReader.OutcomesFolder), outcomes, r => r.ReceivedAtUtc, s_now);

        string registry = dir["models"];
        var models = new ModelRegistry(registry);
        byte[] salt = TrainingLineage.Salt(registry);
        Register(models, TrainingLineage.Write(salt, [a, "M1"]));
        Register(models, TrainingLineage.Write(salt, [b]));
        RegistryFixture.Register(models, "m");
        string run = Path.Combine(registry, "m", TrainingRuns.Folder, "20260101T000000Z");
        Directory.CreateDirectory(run);
        string runFile = Path.Combine(run, FindParticipantData.TestPredictionsFile);
        await File.WriteAllTextAsync(runFile, $"pair_id,cohort_id,label,probability\n{pairOfA.PairId},c1,1,0.7\n{other.PairId},c1,0,0.2\n");
        return new Stores(new PersonalDataStores(log, registry, RepoPaths.Sample), a, b, pairOfA.PairId, runFile);
    }

    private static void Register(ModelRegistry registry, byte[] lineage) =>
        new RegisterModelVersion(registry, TimeProvider.System).Run("m", Encoding.UTF8.GetBytes($"onnx {Guid.NewGuid()}"),
            (version, now) => new VersionContent(RegistryFixture.Manifest("m", version, now, 0.7), new Dictionary<string, byte[]> { [TrainingLineage.FileName] = lineage }));

    private static PredictionRecord Prediction(string request, string pair, DateTime time) => new()
    {
        RequestId = request,
        TimeUtc = time,
        KeyId = "key_1",
        Model = "m",
        Version = 1,
        PairId = pair,
        Features = [1f, 2f],
        Probability = 0.5,
        Label = true,
    };
}

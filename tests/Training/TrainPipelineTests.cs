using System.Text.Json;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Tests;

/// <summary>The whole pipeline on the bundled sample, in process, with a small deterministic search.</summary>
public sealed class TrainPipelineTests
{
    private static string Pipeline(string name) => Path.Combine(RepoPaths.Root, "pipelines", name);

    private static Task<TrainResult> TrainAsync(string registry, string pipeline = "pair-success.yaml", int trials = 3, int? seed = null) =>
        new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(Pipeline(pipeline), registry, RepoPaths.Sample, seed, null, trials));

    [Fact]
    public async Task Records_a_complete_run_folder()
    {
        using var registry = new TempDir();

        TrainResult result = await TrainAsync(registry.Path);

        string dir = result.RunDirectory;
        foreach (string f in (string[])["pipeline.yaml", "run.json", "status.json", "leaderboard.json", "metrics.json", "report.html", "test-predictions.csv", "model/model.zip", "model/model.json", "model/feature-state.json"])
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), $"missing {f}");
        }

        Assert.StartsWith(Path.Combine(registry.Path, "pair-success", "runs"), dir, StringComparison.Ordinal);
        RunRecord r = result.Record;
        Assert.Equal("succeeded", r.Status);
        Assert.Equal(4, r.DataFiles.Count);
        Assert.All(r.DataFiles, f => Assert.Equal(64, f.Sha256.Length));
        Assert.Equal(3, r.Search!.Candidates);
        Assert.NotNull(r.Oracle); // the sample carries the generator's truth
        Assert.InRange(r.Test!.RocAuc, 0.6, 1.0);
        Assert.Equal(2, r.Split!.TestCohorts.Count);
        Assert.Equal(5, r.Split.Folds.Count);
        using JsonDocument status = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "status.json")));
        Assert.Equal("succeeded", status.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_registered_version_names_by_salted_hash_exactly_the_participants_of_its_training_pairs()
    {
        using var registry = new TempDir();

        TrainResult result = await TrainAsync(registry.Path);

        int version = result.Record.Registration!.Version!.Value;
        var models = new ModelRegistry(registry.Path);
        ModelVersion registered = models.Open("pair-success", version);
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample);
        var trainCohorts = result.Record.Split!.TrainCohorts.ToHashSet(StringComparer.Ordinal);
        var trainedOn = loaded.History!.Pairs.Where(p => trainCohorts.Contains(p.CohortId)).SelectMany(p => new[] { p.MenteeId, p.MentorId }).ToHashSet(StringComparer.Ordinal);
        string testOnly = loaded.History.Pairs.Where(p => !trainCohorts.Contains(p.CohortId)).Select(p => p.MenteeId).First(id => !trainedOn.Contains(id));
        byte[] salt = TrainingLineage.Salt(registry.Path);
        string[] lines = await File.ReadAllLinesAsync(registered.PathOf(TrainingLineage.FileName));

        Assert.True(registered.Manifest.Digests.Files.ContainsKey(TrainingLineage.FileName), "the lineage file is not covered by the manifest's digests");
        Assert.Equal(trainedOn.Count, lines.Length - 1);
        Assert.DoesNotContain(lines, l => trainedOn.Contains(l));
        Assert.Equal(TrainingLineage.Finding.TrainedOn, TrainingLineage.Check(registered, salt, trainedOn.First()));
        Assert.Equal(TrainingLineage.Finding.NotTrainedOn, TrainingLineage.Check(registered, salt, testOnly));
        Assert.Equal(TrainingLineage.Finding.OtherSalt, TrainingLineage.Check(registered, new byte[32], trainedOn.First()));
        Assert.Equal([("pair-success", version, TrainingLineage.Finding.TrainedOn)], TrainingLineage.Versions(models, trainedOn.First()));
    }

    [Fact]
    public async Task The_registered_version_keeps_a_reference_sample_of_its_training_rows_and_out_of_fold_predictions()
    {
        using var registry = new TempDir();

        TrainResult result = await TrainAsync(registry.Path);

        ModelVersion registered = new ModelRegistry(registry.Path).Open("pair-success", result.Record.Registration!.Version!.Value);
        ReferenceSample sample = (await ReferenceSample.ReadAsync(registered))!;
        int trainRows = result.Record.Split!.Train.Rows;
        Assert.True(registered.Manifest.Digests.Files.ContainsKey(ReferenceSample.FeaturesFile), "the reference sample is not covered by the manifest's digests");
        Assert.True(registered.Manifest.Digests.Files.ContainsKey(ReferenceSample.PredictionsFile), "the reference predictions are not covered by the manifest's digests");
        // The sample (below 5,000 training rows: every row) summarises exactly as the profile saved beside it.
        Assert.Equal(Math.Min(trainRows, ReferenceSample.MaxRows), sample.Features.Rows);
        FeatureReference again = FeatureReference.Compute(sample.Features.Names, sample.Features.Values, sample.Features.Rows);
        Assert.Equal(registered.Manifest.Reference!.Features.Select(f => f.Mean), again.Features.Select(f => f.Mean));
        Assert.Equal(trainRows, sample.Probabilities.Length); // every training row has one out-of-fold prediction
        Assert.Equal(result.Record.Split.Train.Positives, sample.Labels.Count(y => y));
    }

    [Fact]
    public async Task Same_data_seed_and_trials_give_identical_metrics_and_model()
    {
        using var registry = new TempDir();

        TrainResult a = await TrainAsync(registry.Path, trials: 4, seed: 5);
        TrainResult b = await TrainAsync(registry.Path, trials: 4, seed: 5);

        Assert.NotEqual(a.RunDirectory, b.RunDirectory);
        foreach (string f in (string[])["metrics.json", "leaderboard.json", "test-predictions.csv", "model/model.json", "model/feature-state.json"])
        {
            string left = await File.ReadAllTextAsync(Path.Combine(a.RunDirectory, f));
            string right = await File.ReadAllTextAsync(Path.Combine(b.RunDirectory, f));
            if (f == "leaderboard.json")
            {
                // Fit times differ from run to run; everything else must not.
                left = WithoutFitSeconds(left);
                right = WithoutFitSeconds(right);
            }

            Assert.True(left == right, $"{f} differs between two runs with the same seed and trials");
        }
    }

    [Fact]
    public async Task A_different_seed_can_change_the_search()
    {
        using var registry = new TempDir();

        TrainResult a = await TrainAsync(registry.Path, trials: 4, seed: 5);
        TrainResult b = await TrainAsync(registry.Path, trials: 4, seed: 6);

        Assert.NotEqual(
            a.Record.Search!.Leaderboard.Select(e => (e.Trainer, e.CvMetric)),
            b.Record.Search!.Leaderboard.Select(e => (e.Trainer, e.CvMetric)));
    }

    [Fact]
    public async Task Trains_the_dropout_predictor_as_of_thirty_days_after_the_match()
    {
        using var registry = new TempDir();

        TrainResult result = await TrainAsync(registry.Path, "dropout.yaml");

        Assert.Equal("dropout", result.Record.Task);
        Assert.Contains("sessions_so_far", result.Record.Features);
        Assert.Contains("not_accepted", result.Record.Labels, StringComparison.Ordinal);
        Assert.NotNull(result.Record.Test);
    }

    [Fact]
    public async Task Refuses_one_sided_labels_by_naming_completed_pairs_without_sessions_and_records_the_counts_in_run_json()
    {
        // The sample as a sessions export that kept one pair's sessions: every other completed pair has none.
        ProgrammeHistory sample = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        string kept = sample.Sessions[0].PairId;
        using var data = new TempDir();
        await WriteProgrammeHistory.ToDirectoryAsync(sample with { Sessions = sample.Sessions.Where(s => s.PairId == kept).ToList() }, data.Path, Core.Tables.TableFormat.Parquet);
        using var registry = new TempDir();

        TrainingException e = await Assert.ThrowsAsync<TrainingException>(() =>
            new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(Pipeline("pair-success.yaml"), registry.Path, data.Path, null, null, 3)));

        Assert.StartsWith("the labels are one-sided because of the data, not the split: ", e.Message, StringComparison.Ordinal);
        Assert.Matches("[0-9]+ completed pairs have no session rows: counted as not succeeded; is the sessions export complete\\?", e.Message);
        string runJson = Directory.GetFiles(registry.Path, "run.json", SearchOption.AllDirectories).Single();
        using JsonDocument run = JsonDocument.Parse(await File.ReadAllTextAsync(runJson));
        Assert.Equal("failed", run.RootElement.GetProperty("status").GetString());
        JsonElement gap = run.RootElement.GetProperty("label_counts").EnumerateArray().Single(c => c.GetProperty("reason").GetString() == "completed_without_sessions");
        Assert.False(gap.GetProperty("label").GetBoolean());
        Assert.True(gap.GetProperty("pairs").GetInt32() > 0);
    }

    [Fact]
    public async Task A_successful_run_records_its_label_counts_per_reason()
    {
        using var registry = new TempDir();

        TrainResult result = await TrainAsync(registry.Path, trials: 1);

        IReadOnlyList<MatchModels.Training.Pipelines.LabelCount> counts = result.Record.LabelCounts!;
        Assert.Equal(result.Record.Split!.Train.Rows + result.Record.Split.Test.Rows, counts.Where(c => c.Label is not null).Sum(c => c.Pairs));
        Assert.Contains(counts, c => c.Reason == "declined" && c.Label == false);
    }

    private static string WithoutFitSeconds(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"fit_seconds\": [0-9.eE+-]+", "\"fit_seconds\": 0");
}

using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;

namespace MatchModels.Training.Tests.Columns;

/// <summary>
/// Training with declared columns (ADR 0021) on the sample history with columns the test adds: the model's input grows
/// by the declared features, the registered ONNX model takes them, and scoring a test pair from its profiles gives
/// exactly the row training built for it.
/// </summary>
public sealed class DeclaredColumnsTrainingTests
{
    [Fact]
    public async Task Declared_features_are_trained_on_exported_and_rebuilt_exactly_from_profiles()
    {
        using var work = new TempDir();
        string data = Path.Combine(work.Path, "data"), registry = Path.Combine(work.Path, "registry");
        await HistoryWithColumns.WriteSampleAsync(data, TableFormat.Parquet);
        string pipeline = await HistoryWithColumns.WritePipelineAsync(work.Path);

        TrainResult result = await new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(pipeline, registry, data, null, null, 2));

        IReadOnlyList<string> names = result.Model.FeatureNames;
        Assert.Equal(
            [
                "custom_mentee_band=junior", "custom_mentee_band=mid", "custom_mentee_band=senior",
                "custom_mentor_band=junior", "custom_mentor_band=mid", "custom_mentor_band=senior", "custom_band_same",
                "custom_mentee_rating", "custom_mentor_rating", "custom_rating_abs_diff", "custom_mentee_rating_missing", "custom_mentor_rating_missing",
                "custom_remote_same", "custom_clubs_overlap", "custom_mentor_clubs_count",
            ],
            names.Skip(PairFeatureBuilder.PairSuccess.Definitions.Count));
        Assert.DoesNotContain(names, n => n.Contains("ethnicity", StringComparison.Ordinal));
        Assert.Contains(result.Record.Fairness!.Attributes, a => a.Attribute == "mentee ethnicity" && a.AuditOnly);

        int version = result.Record.Registration!.Version!.Value;
        ModelVersion registered = new ModelRegistry(registry).Open("pair-success", version);
        Assert.Equal(names.Count, registered.Manifest.Onnx.Width);
        using PairScorer scorer = PairScorer.Open(registered);
        Assert.Equal(["band", "rating", "remote", "clubs", "ethnicity"], scorer.DeclaredColumns.Select(c => c.Name));

        // Training's own rows for the test pairs, against the rows the served version builds from the same profiles.
        float[] trained = TrainedModel.LoadTestFeatures(Path.Combine(result.RunDirectory, "model"));
        string[] testPairs = (await File.ReadAllLinesAsync(Path.Combine(result.RunDirectory, "test-predictions.csv"))).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(data, scorer.DeclaredColumns);
        var history = new PointInTimeHistory(loaded.History!);
        var byId = loaded.History!.Pairs.ToDictionary(p => p.PairId, StringComparer.Ordinal);
        PairSnapshot[] snapshots = [.. testPairs.Take(50).Select(id => history.Snapshot(byId[id], byId[id].MatchedAt, withEngagement: false))];
        float[] served = scorer.Features(snapshots);
        Assert.Equal(trained.AsSpan(0, served.Length).ToArray(), served);
        Assert.Contains(snapshots, s => s.Mentee.Custom!["rating"].IsMissing);
        Assert.All(scorer.Score(snapshots), p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public async Task A_declared_column_absent_from_the_data_fails_the_run_before_training()
    {
        using var work = new TempDir();
        string registry = Path.Combine(work.Path, "registry");
        string pipeline = await HistoryWithColumns.WritePipelineAsync(work.Path);

        var e = await Assert.ThrowsAsync<TrainingException>(() => new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(pipeline, registry, RepoPaths.Sample, null, null, 1)));

        Assert.Contains("column band: missing required column: expected a column 'band' (string), declared in the pipeline's columns:", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(registry, "pair-success", "versions")));
    }
}

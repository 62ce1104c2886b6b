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
    internal const string Columns = """

        columns:
          - name: band
            type: category
            values: [junior, mid, senior]
            features: [mentee, mentor, same]
          - name: rating
            type: numeric
            optional: true
            features: [mentee, mentor, abs_diff]
          - name: remote
            type: boolean
            features: [same]
          - name: clubs
            type: list
            features: [overlap, mentor]
          - name: ethnicity
            type: category
            audit_only: true

        """;

    /// <summary>The sample history, with the test's columns derived from each participant's own fields (every ninth rating missing).</summary>
    internal static async Task<ProgrammeHistory> WriteSampleWithColumnsAsync(string directory, TableFormat format)
    {
        ProgrammeHistory sample = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        IReadOnlyList<Participant> p = sample.Participants;
        string[] clubs = ["chess", "golf", "tennis", "choir"];
        await HistoryWithColumns.WriteAsync(sample, directory, format,
            TableColumn.From("band", p.Select(x => (string?)(x.JobLevel <= 3 ? "junior" : x.JobLevel <= 6 ? "mid" : "senior")).ToArray()),
            TableColumn.From("rating", p.Select((x, i) => i % 9 == 0 ? null : (double?)Math.Round(x.TenureYears % 5, 1)).ToArray()),
            TableColumn.From("remote", p.Select(x => (bool?)(x.TimezoneOffsetH < 1)).ToArray()),
            TableColumn.From("clubs", p.Select((x, i) => (string[]?)[clubs[i % 4], clubs[(i / 4) % 4]]).ToArray()),
            TableColumn.From("ethnicity", p.Select((x, i) => (string?)(i % 3 == 0 ? "a" : "b")).ToArray()));
        return sample;
    }

    internal static async Task<string> WritePipelineAsync(string directory)
    {
        string yaml = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")))
            .Replace("attributes: [gender, age_band, department, site]", "attributes: [gender, ethnicity, band]", StringComparison.Ordinal);
        string path = Path.Combine(directory, "pair-success-columns.yaml");
        await File.WriteAllTextAsync(path, yaml + Columns);
        return path;
    }

    [Fact]
    public async Task Declared_features_are_trained_on_exported_and_rebuilt_exactly_from_profiles()
    {
        using var work = new TempDir();
        string data = Path.Combine(work.Path, "data"), registry = Path.Combine(work.Path, "registry");
        await WriteSampleWithColumnsAsync(data, TableFormat.Parquet);
        string pipeline = await WritePipelineAsync(work.Path);

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
        string pipeline = await WritePipelineAsync(work.Path);

        var e = await Assert.ThrowsAsync<TrainingException>(() => new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(pipeline, registry, RepoPaths.Sample, null, null, 1)));

        Assert.Contains("column band: missing required column: expected a column 'band' (string), declared in the pipeline's columns:", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(registry, "pair-success", "versions")));
    }
}

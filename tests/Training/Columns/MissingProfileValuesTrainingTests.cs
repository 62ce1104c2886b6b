using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;

namespace MatchModels.Training.Tests.Columns;

/// <summary>
/// Training on a history whose profile fields are partly empty or absent (ADR 0022): absent fields' features are left
/// out and recorded, partly empty ones get a fill and indicators fitted on the training rows, saved with the model,
/// exported to ONNX with an exact parity check, and rebuilt exactly by the served version from the same profiles.
/// </summary>
public sealed class MissingProfileValuesTrainingTests
{
    [Fact]
    public async Task Fills_and_indicators_are_trained_on_exported_and_rebuilt_exactly_from_profiles()
    {
        using var work = new TempDir();
        string data = Path.Combine(work.Path, "data"), registry = Path.Combine(work.Path, "registry");
        ProgrammeHistory sample = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        // Every fifth participant without a job level, every seventh without a department; no site column at all.
        var thinned = sample with
        {
            Participants = [.. sample.Participants.Select((p, i) => p with
            {
                JobLevel = i % 5 == 0 ? null : p.JobLevel,
                Department = i % 7 == 0 ? null : p.Department,
                Site = null,
            })],
        };
        await WriteProgrammeHistory.ToDirectoryAsync(thinned, data, TableFormat.Parquet);

        TrainResult result = await new TrainPipeline(TimeProvider.System).RunAsync(
            new TrainRequest(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml"), registry, data, null, null, 2));

        IReadOnlyList<string> names = result.Model.FeatureNames;
        OmittedFeatures omitted = Assert.Single(result.Record.OmittedFeatures!);
        Assert.Equal(["site"], omitted.Fields);
        Assert.Equal(["same_site"], omitted.Features);
        Assert.DoesNotContain("same_site", names);
        Assert.DoesNotContain("same_site", result.Record.Features);
        Assert.Equal(["mentee_department_missing", "mentor_department_missing", "mentee_job_level_missing", "mentor_job_level_missing"], result.Record.MissingIndicators);
        Assert.Equal(result.Record.MissingIndicators, names.TakeLast(4));

        Assert.Equal(Registration.RegistrationOutcome.Registered, result.Record.Registration!.Status);
        ModelVersion registered = new ModelRegistry(registry).Open("pair-success", result.Record.Registration.Version!.Value);
        ProfileTreatment saved = registered.Manifest.Features.State!.Profile!;
        Assert.Equal(["site"], saved.Absent);
        FieldFill level = saved.FillOf("job_level")!;
        Assert.InRange(level.Number!.Value, 1, 10);
        Assert.Equal(PairSides.Both, level.Sides);
        Assert.NotNull(saved.FillOf("department")!.Text);
        Assert.Equal(names.Count, registered.Manifest.Onnx.Width);

        // Training's own rows for the test pairs, against the rows the served version builds from the same profiles.
        using PairScorer scorer = PairScorer.Open(registered);
        float[] trained = TrainedModel.LoadTestFeatures(Path.Combine(result.RunDirectory, "model"));
        string[] testPairs = (await File.ReadAllLinesAsync(Path.Combine(result.RunDirectory, "test-predictions.csv"))).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        ProgrammeHistory loaded = (await LoadProgrammeHistory.FromDirectoryAsync(data)).History!;
        var history = new PointInTimeHistory(loaded);
        var byId = loaded.Pairs.ToDictionary(p => p.PairId, StringComparer.Ordinal);
        PairSnapshot[] snapshots = [.. testPairs.Take(80).Select(id => history.Snapshot(byId[id], byId[id].MatchedAt, withEngagement: false))];
        float[] served = scorer.Features(snapshots);
        Assert.Equal(trained.AsSpan(0, served.Length).ToArray(), served);
        Assert.Contains(snapshots, s => s.Mentee.JobLevel is null);

        // What serving asks of a profile: not site (left out), not job_level or department (filled), the rest as before.
        Assert.DoesNotContain("job_level", scorer.Requirements.Mentee);
        Assert.DoesNotContain("site", scorer.Requirements.Mentor);
        Assert.Contains("skills", scorer.Requirements.Mentee);
        Assert.Contains("mentor_capacity", scorer.Requirements.Mentor);
    }
}

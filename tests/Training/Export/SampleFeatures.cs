using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Splits;

namespace MatchModels.Training.Tests.Export;

/// <summary>
/// The pair-success feature matrix of the bundled sample, built the way <see cref="TrainPipeline"/> builds it:
/// labelled pairs, the temporal hold-out, features fitted on the training cohorts and applied to both sides.
/// Loaded once per test class.
/// </summary>
public sealed class SampleFeatures
{
    public SampleFeatures()
    {
        PipelineSpec spec = PipelineFile.Load(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml"));
        HistoryLoadResult loaded = LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample).GetAwaiter().GetResult();
        ProgrammeHistory history = loaded.History ?? throw new InvalidOperationException("the bundled sample failed validation");
        LabelledPairs labelled = new LabelRules(spec, history).Apply();
        var pairs = labelled.Rows.Select(r => r.Pair).ToList();
        TemporalSplit split = TemporalHoldout.Split(pairs, spec.Split.TestCohorts);
        IReadOnlyList<PairSnapshot> snapshots = spec.FeatureBuilder.Snapshots(new PointInTimeHistory(history), pairs);
        var layout = new FeatureLayout(spec.FeatureBuilder, spec.BuilderFeatures, AuditFeatureEncoding.None);
        FittedFeatureState state = spec.FeatureBuilder.Fit(split.Train.Select(i => snapshots[i]).ToList());

        Names = layout.Names;
        Width = layout.Width;
        TrainRows = split.Train.Count;
        TrainX = layout.Build(split.Train.Select(i => snapshots[i]).ToList(), state);
        TrainY = split.Train.Select(i => labelled.Rows[i].Label).ToArray();
        TestRows = split.Test.Count;
        TestX = layout.Build(split.Test.Select(i => snapshots[i]).ToList(), state);
        Snapshots = snapshots;
    }

    public IReadOnlyList<string> Names { get; }

    public int Width { get; }

    public int TrainRows { get; }

    public float[] TrainX { get; }

    public bool[] TrainY { get; }

    public int TestRows { get; }

    public float[] TestX { get; }

    /// <summary>Every labelled pair's snapshot, for rebuilding features with another model's fitted state.</summary>
    public IReadOnlyList<PairSnapshot> Snapshots { get; }
}

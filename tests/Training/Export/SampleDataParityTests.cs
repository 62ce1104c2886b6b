using MatchModels.Core.Features;
using MatchModels.Training.Export;
using MatchModels.Training.Pipelines;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MatchModels.Training.Tests.Export;

/// <summary>Parity on the bundled sample's real features, for each trainer and for the model the training pipeline chooses.</summary>
public sealed class SampleDataParityTests(SampleFeatures sample, ITestOutputHelper output) : IClassFixture<SampleFeatures>
{
    [Theory]
    [MemberData(nameof(TrainedModels.AllTrainers), MemberType = typeof(TrainedModels))]
    public void Exported_model_matches_ml_net_on_the_sample_test_cohorts(TrainerKind kind)
    {
        TrainedModel model = TrainedModels.Fit(kind, sample.TrainX, sample.TrainRows, sample.Width, sample.TrainY, sample.Names);

        ParityResult parity = CheckParity.Run(model, ExportOnnx.Run(model), sample.TestX, sample.TestRows, new MLContext(1));

        output.WriteLine($"{kind.YamlName}: {parity.Describe()} ({sample.Width} features)");
        Assert.True(parity.Passed, parity.Describe());
        Assert.Equal(sample.TestRows, parity.Rows);
    }

    [Fact]
    public async Task Model_chosen_by_the_training_pipeline_exports_with_parity()
    {
        using var registry = new TempDir();
        TrainResult result = await new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(
            Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml"), registry.Path, RepoPaths.Sample, Seed: null, BudgetSeconds: null, Trials: 2));
        TrainedModel model = result.Model;
        // Features for every labelled pair, rebuilt from the model's own fitted state, as a scorer would.
        var layout = new FeatureLayout(
            PairFeatureBuilder.For(model.FeatureState), model.FeatureNames.Except(model.Audit.ColumnNames).ToArray(), model.Audit);
        float[] x = layout.Build(sample.Snapshots, model.FeatureState);

        ParityResult parity = CheckParity.Run(model, ExportOnnx.Run(model), x, sample.Snapshots.Count, new MLContext(1));

        output.WriteLine($"pipeline chose {model.Trainer.YamlName}: {parity.Describe()}");
        Assert.True(parity.Passed, parity.Describe());
        Assert.Equal(model.FeatureNames, layout.Names);
    }
}

using System.Globalization;
using MatchModels.Core.Scoring;
using MatchModels.Training.Export;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MatchModels.Training.Tests.Export;

/// <summary>Real ML.NET models of all five trainers, exported and scored by ONNX Runtime, against ML.NET's own probabilities.</summary>
public sealed class ExportParityTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TrainedModels.AllTrainers), MemberType = typeof(TrainedModels))]
    public void Exported_model_matches_ml_net_on_random_data_and_edge_rows(TrainerKind kind)
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        TrainedModel model = TrainedModels.Fit(kind, x, rows, width, y);
        byte[] onnx = ExportOnnx.Run(model);
        float[] edges = EdgeRows(model, x, width);
        float[] all = [.. x, .. edges];

        ParityResult parity = CheckParity.Run(model, onnx, all, all.Length / width, new MLContext(1));

        output.WriteLine($"{kind.YamlName}: {parity.Describe()} ({edges.Length / width} edge rows, {onnx.Length:N0} bytes)");
        Assert.True(parity.Passed, parity.Describe());
        Assert.Equal(rows + (edges.Length / width), parity.Rows);
    }

    [Theory]
    [MemberData(nameof(TrainedModels.AllTrainers), MemberType = typeof(TrainedModels))]
    public void Rows_scored_one_at_a_time_match_ml_net(TrainerKind kind)
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        TrainedModel model = TrainedModels.Fit(kind, x, rows, width, y);
        using OnnxModelScorer scorer = OnnxModelScorer.Load(ExportOnnx.Run(model), expectedFeatureCount: width);
        double[] mlNet = model.Probabilities(new MLContext(1), x, rows);

        for (int r = 0; r < 25; r++)
        {
            float p = scorer.Score(x.AsSpan(r * width, width), 1)[0];

            Assert.True(Math.Abs(p - mlNet[r]) <= CheckParity.Tolerance, $"row {r}: onnx {p} vs ml.net {mlNet[r]}");
        }
    }

    [Fact]
    public void Zero_rows_give_a_check_that_does_not_pass()
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        TrainedModel model = TrainedModels.Fit(TrainerKind.LbfgsLogistic, x, rows, width, y);

        ParityResult parity = CheckParity.Run(model, ExportOnnx.Run(model), [], 0, new MLContext(1));

        Assert.Equal(0, parity.Rows);
        Assert.False(parity.Passed);
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.SdcaLogistic)]
    public void Same_model_or_same_data_and_seed_give_identical_bytes(TrainerKind kind)
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        TrainedModel model = TrainedModels.Fit(kind, x, rows, width, y);
        TrainedModel retrained = TrainedModels.Fit(kind, x, rows, width, y);
        TrainedModel otherRows = TrainedModels.Fit(kind, x[..(1_000 * width)], 1_000, width, y[..1_000]);

        byte[] first = ExportOnnx.Run(model);

        Assert.Equal(first, ExportOnnx.Run(model));
        Assert.Equal(first, ExportOnnx.Run(retrained));
        Assert.NotEqual(first, ExportOnnx.Run(otherRows));
    }

    [Fact]
    public void Records_the_trainer_task_and_hyperparameters_in_the_file()
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        TrainedModel model = TrainedModels.Fit(TrainerKind.FastTree, x, rows, width, y);

        using OnnxModelScorer scorer = OnnxModelScorer.Load(ExportOnnx.Run(model));

        IReadOnlyDictionary<string, string> m = scorer.Signature.Metadata;
        Assert.Equal("fast_tree", m[OnnxScoringContract.TrainerKey]);
        Assert.Equal("pair-success", m[OnnxScoringContract.TaskKey]);
        Assert.Equal("""{"learning_rate":0.1,"leaves":31,"min_leaf":10,"trees":200}""", m[OnnxScoringContract.HyperparametersKey]);
        Assert.Equal(model.Threshold, double.Parse(m[OnnxScoringContract.ThresholdKey], CultureInfo.InvariantCulture));
        Assert.Equal(model.FeatureNames, scorer.Signature.FeatureNames);
    }

    [Fact]
    public void Refuses_a_model_that_is_not_a_linear_model_or_a_tree_ensemble()
    {
        (float[] x, bool[] y, int rows, int width) = TrainedModels.LearnableData();
        var ml = new MLContext(1);
        ITransformer gam = ml.BinaryClassification.Trainers.Gam(numberOfIterations: 20).Fit(FeatureData.Load(ml, x, rows, width, y));
        var scorer = new RawScorer(TrainerKind.FastTree, new Dictionary<string, double>(), null, gam, width);

        var e = Assert.Throws<OnnxExportException>(() => ReadRawScoreFunction.From(scorer));

        Assert.StartsWith("cannot export GamBinaryModelParameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_transformer_that_is_not_a_trainer_output()
    {
        (float[] x, _, int rows, int width) = TrainedModels.LearnableData();
        var ml = new MLContext(1);
        ITransformer copy = ml.Transforms.CopyColumns(FeatureData.ScoreColumn, FeatureData.FeaturesColumn).Fit(FeatureData.Load(ml, x, rows, width, null));
        var scorer = new RawScorer(TrainerKind.LightGbm, new Dictionary<string, double>(), null, copy, width);

        var e = Assert.Throws<OnnxExportException>(() => ReadRawScoreFunction.From(scorer));

        Assert.Contains("not a single prediction transformer", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rows that probe the edges, each a copy of training row r with one feature changed: exactly on a split
    /// threshold and one float above it (trees), exactly on the standardisation offset (linear), extreme finite
    /// values, infinities and NaN in every feature, and an all-zero row.
    /// </summary>
    private static float[] EdgeRows(TrainedModel model, float[] x, int width)
    {
        var rows = new List<float[]>();
        int next = 0;
        void Add(int feature, float value)
        {
            float[] row = x.AsSpan((next++ % 2_000) * width, width).ToArray();
            row[feature] = value;
            rows.Add(row);
        }

        switch (ExportOnnx.Describe(model).RawScore)
        {
            case TreeEnsembleScore trees:
                foreach (DecisionTree tree in trees.Trees.Take(20))
                {
                    for (int i = 0; i < tree.InternalNodes; i++)
                    {
                        Add(tree.SplitFeatures[i], tree.Thresholds[i]);
                        Add(tree.SplitFeatures[i], MathF.BitIncrement(tree.Thresholds[i]));
                    }
                }

                break;
            case LinearScore:
                for (int c = 0; c < width; c++)
                {
                    Add(c, model.Scorer.Standardisation!.Offset[c]);
                }

                break;
        }

        for (int c = 0; c < width; c++)
        {
            foreach (float v in (float[])[float.MaxValue, -float.MaxValue, 1e30f, -1e30f, 1e-30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN])
            {
                Add(c, v);
            }
        }

        rows.Add(new float[width]);
        return [.. rows.SelectMany(r => r)];
    }
}

using MatchModels.Core.Scoring;
using MatchModels.Training.Export;
using MatchModels.Training.Trainers;

namespace MatchModels.Training.Tests.Export;

/// <summary>Models built by hand as plain numbers, exported, and scored by ONNX Runtime against values worked out on paper.</summary>
public sealed class BuildScoringGraphTests
{
    /// <summary>
    /// node 0: x0 ≤ 0.5 ? node 1 : leaf 2;  node 1: x1 ≤ -1 ? leaf 0 : leaf 1;  leaves -1, 0.5, 2;  bias 0.25.
    /// Platt A = 2, B = -0.5, so the logit is 2·s - 0.5.
    /// </summary>
    private static ExportableModel TwoSplitTree(double threshold = 0.5) => new(
        ["x0", "x1"],
        Standardisation: null,
        new TreeEnsembleScore([new DecisionTree([0, 1], [0.5f, -1f], [1, ~0], [~2, ~1], [-1, 0.5, 2])], Bias: 0.25),
        new PlattCalibration(2, -0.5),
        threshold);

    [Fact]
    public void Two_split_tree_scores_as_computed_on_paper()
    {
        // (0.2, -3):  0.2 ≤ 0.5 → node 1; -3 ≤ -1 → leaf 0: s = -1 + 0.25 = -0.75, logit -2, p = 1/(1 + e^2) = 0.1192029
        // (0.5, 0):   0.5 ≤ 0.5 (on the threshold goes left) → node 1; 0 > -1 → leaf 1: s = 0.75, logit 1, p = 0.7310586
        // (0.5000001, -5): above 0.5 → leaf 2: s = 2.25, logit 4, p = 1/(1 + e^-4) = 0.9820138
        // (NaN, 0):   NaN ≤ 0.5 is false → leaf 2, as in ML.NET: p = 0.9820138
        // (0.3, NaN): node 1, NaN ≤ -1 is false → leaf 1: p = 0.7310586
        float[] x = [0.2f, -3, 0.5f, 0, 0.5000001f, -5, float.NaN, 0, 0.3f, float.NaN];

        (float[] p, long[] label) = OnnxOutputs.Run(ExportOnnx.Write(TwoSplitTree()), x, rows: 5);

        double[] expected = [0.1192029, 0.7310586, 0.9820138, 0.9820138, 0.7310586];
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(expected[i], p[i], 6));
        Assert.Equal([0L, 1, 1, 1, 1], label);
    }

    [Fact]
    public void Tree_without_a_split_gives_every_row_its_leaf()
    {
        var model = new ExportableModel(["x0"], null, new TreeEnsembleScore([DecisionTree.Constant(1.5), DecisionTree.Constant(-0.5)], 0), PlattCalibration.Identity, 0.5);

        (float[] p, _) = OnnxOutputs.Run(ExportOnnx.Write(model), [7, -7], rows: 2);

        // s = 1.5 - 0.5 = 1 for every row: p = 1/(1 + e^-1) = 0.7310586.
        Assert.All(p, v => Assert.Equal(0.7310586, v, 6));
    }

    [Fact]
    public void Two_weight_linear_model_with_scaler_and_platt_scores_as_computed_on_paper()
    {
        // x' = ((x0 - 1)·0.5, (x1 + 2)·2);  s = 2·x'0 - x'1 + 0.5;  p = sigmoid(1.5·s - 0.25).
        var model = new ExportableModel(
            ["x0", "x1"],
            new Standardisation([1, -2], [0.5f, 2]),
            new LinearScore([2, -1], 0.5f),
            new PlattCalibration(1.5, -0.25),
            Threshold: 0.6);
        // (3, -1):  x' = (1, 2),  s = 0.5,  logit 0.5,  p = 0.6224593
        // (-1, -2.5): x' = (-1, -1), s = -0.5, logit -1, p = 0.2689414
        // (5, -2):  x' = (2, 0),  s = 4.5,  logit 6.5,  p = 1/(1 + e^-6.5) = 0.9984988
        float[] x = [3, -1, -1, -2.5f, 5, -2];

        (float[] p, long[] label) = OnnxOutputs.Run(ExportOnnx.Write(model), x, rows: 3);

        Assert.Equal(0.6224593, p[0], 6);
        Assert.Equal(0.2689414, p[1], 6);
        Assert.Equal(0.9984988, p[2], 6);
        Assert.Equal([1L, 0, 1], label);
    }

    [Fact]
    public void Label_is_one_at_and_above_the_threshold()
    {
        // p = sigmoid(x): x = 0 gives exactly 0.5, the threshold, which counts as positive.
        var model = new ExportableModel(["x"], null, new LinearScore([1], 0), PlattCalibration.Identity, Threshold: 0.5);

        (float[] p, long[] label) = OnnxOutputs.Run(ExportOnnx.Write(model), [-1e-3f, 0, 1e-3f], rows: 3);

        Assert.Equal(0.5f, p[1]);
        Assert.Equal([0L, 1, 1], label);
    }

    [Fact]
    public void Same_model_exports_to_identical_bytes()
    {
        byte[] first = ExportOnnx.Write(TwoSplitTree());
        byte[] second = ExportOnnx.Write(TwoSplitTree());
        byte[] otherThreshold = ExportOnnx.Write(TwoSplitTree(threshold: 0.4));

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherThreshold);
    }

    [Fact]
    public void Writes_the_feature_names_threshold_and_calibration_into_the_file()
    {
        ExportableModel model = TwoSplitTree() with { Metadata = new Dictionary<string, string> { [OnnxScoringContract.TrainerKey] = "fast_tree" } };

        using OnnxModelScorer scorer = OnnxModelScorer.Load(ExportOnnx.Write(model), expectedFeatureCount: 2);

        Assert.Equal(["x0", "x1"], scorer.Signature.FeatureNames);
        Assert.Equal("0.5", scorer.Signature.Metadata[OnnxScoringContract.ThresholdKey]);
        Assert.Equal("platt a=2 b=-0.5", scorer.Signature.Metadata[OnnxScoringContract.CalibrationKey]);
        Assert.Equal("fast_tree", scorer.Signature.Metadata[OnnxScoringContract.TrainerKey]);
        Assert.Equal("'features' float[N, 2] -> 'probability' float[N], 'label' int64[N]", scorer.Signature.Describe());
    }

    [Theory]
    [InlineData("splits on feature 2, but the model has 2 features")]
    [InlineData("child 5 is outside the tree")]
    [InlineData("the children do not form a tree")]
    [InlineData("has 3 leaves, not 2")]
    [InlineData("the threshold is NaN")]
    public void Refuses_a_malformed_tree(string problem)
    {
        DecisionTree tree = problem switch
        {
            _ when problem.StartsWith("splits", StringComparison.Ordinal) => new([2], [0f], [~0], [~1], [1, 2]),
            _ when problem.StartsWith("child", StringComparison.Ordinal) => new([0], [0f], [5], [~1], [1, 2]),
            _ when problem.StartsWith("the children", StringComparison.Ordinal) => new([0], [0f], [~0], [~0], [1, 2]),
            _ when problem.StartsWith("has 3", StringComparison.Ordinal) => new([0, 1], [0f, 0f], [1, ~0], [~1, ~2], [1, 2]),
            _ => new([0], [float.NaN], [~0], [~1], [1, 2]),
        };
        var model = new ExportableModel(["a", "b"], null, new TreeEnsembleScore([DecisionTree.Constant(0), tree], 0), PlattCalibration.Identity, 0.5);

        var e = Assert.Throws<OnnxExportException>(() => ExportOnnx.Write(model));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("tree 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_linear_model_with_a_weight_per_feature_missing()
    {
        var model = new ExportableModel(["a", "b", "c"], null, new LinearScore([1, 2], 0), PlattCalibration.Identity, 0.5);

        var e = Assert.Throws<OnnxExportException>(() => ExportOnnx.Write(model));

        Assert.Equal("the linear model has 2 weights for 3 features", e.Message);
    }
}

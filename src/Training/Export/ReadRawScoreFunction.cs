using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace MatchModels.Training.Export;

/// <summary>
/// Reads the raw score function out of a fitted ML.NET model through ML.NET's public model parameters: the
/// weights and bias of a linear binary model, or the trees of a FastTree, FastForest or LightGBM ensemble.
/// ML.NET's own calibrator, when the trainer wraps one around the model, is skipped: our models score with the
/// raw margin and apply their own Platt calibration (ADR 0004).
/// </summary>
public static class ReadRawScoreFunction
{
    public static RawScoreFunction From(RawScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        object parameters = scorer.Model is IPredictionTransformer<object> transformer
            ? transformer.Model
            : throw new OnnxExportException(
                $"the {scorer.Trainer.YamlName} model is a {scorer.Model.GetType().Name}, not a single prediction transformer; only a trainer's own transformer can be exported");
        if (parameters is CalibratedModelParametersBase calibrated)
        {
            parameters = calibrated.SubModel;
        }

        return parameters switch
        {
            LinearBinaryModelParameters linear => Linear(linear, scorer.Width),
            TreeEnsembleModelParametersBasedOnRegressionTree boosted =>
                Trees(boosted.TrainedTreeEnsemble.Trees, boosted.TrainedTreeEnsemble.TreeWeights, boosted.TrainedTreeEnsemble.Bias),
            TreeEnsembleModelParametersBasedOnQuantileRegressionTree forest =>
                Trees(forest.TrainedTreeEnsemble.Trees, forest.TrainedTreeEnsemble.TreeWeights, forest.TrainedTreeEnsemble.Bias),
            _ => throw new OnnxExportException(
                $"cannot export {parameters.GetType().Name} ({scorer.Trainer.YamlName}): only linear binary models and tree ensembles have an ONNX form here"),
        };
    }

    private static LinearScore Linear(LinearBinaryModelParameters linear, int width)
    {
        float[] weights = [.. linear.Weights];
        return weights.Length == width
            ? new LinearScore(weights, linear.Bias)
            : throw new OnnxExportException($"the linear model has {weights.Length} weights but the model has {width} features");
    }

    private static TreeEnsembleScore Trees(IEnumerable<RegressionTreeBase> trees, IReadOnlyList<double> weights, double bias)
    {
        var converted = new List<DecisionTree>();
        foreach (RegressionTreeBase tree in trees)
        {
            int t = converted.Count;
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new OnnxExportException($"tree {t} has a categorical split, which the exporter does not support");
            }

            // Every trainer here weighs its trees 1; any other weight would have to be matched to how ML.NET applies it.
            if (weights[t] != 1)
            {
                throw new OnnxExportException($"tree {t} has weight {weights[t]}; only unweighted ensembles (weight 1) are supported");
            }

            converted.Add(new DecisionTree(
                [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild], [.. tree.LeafValues]));
        }

        return new TreeEnsembleScore(converted, bias);
    }
}

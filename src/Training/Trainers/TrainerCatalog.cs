using System.Globalization;
using MatchModels.Training.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MatchModels.Training.Trainers;

/// <summary>
/// The five trainers a pipeline can name, each with the hyperparameters the search explores and how to build
/// its ML.NET estimator. Every trainer runs on one thread with a fixed seed: that is what makes the same data
/// and seed give the same model, and LightGBM's default threading stalls on two cores.
/// </summary>
public static class TrainerCatalog
{
    /// <summary>Linear trainers see standardised features; tree ensembles are invariant to monotone scaling and see raw ones.</summary>
    public static bool IsLinear(TrainerKind trainer) => trainer is TrainerKind.LbfgsLogistic or TrainerKind.SdcaLogistic;

    /// <summary>Draws one point of <paramref name="trainer"/>'s search space.</summary>
    public static IReadOnlyDictionary<string, double> Sample(TrainerKind trainer, Random random)
    {
        double LogUniform(double lo, double hi) => Math.Exp(Math.Log(lo) + (random.NextDouble() * (Math.Log(hi) - Math.Log(lo))));
        int IntLogUniform(int lo, int hi) => (int)Math.Round(LogUniform(lo, hi));
        return trainer switch
        {
            TrainerKind.LbfgsLogistic => new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["l1"] = LogUniform(1e-4, 1),
                ["l2"] = LogUniform(1e-4, 10),
            },
            TrainerKind.SdcaLogistic => new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["l1"] = LogUniform(1e-5, 0.1),
                ["l2"] = LogUniform(1e-5, 1),
            },
            TrainerKind.FastTree => new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["leaves"] = IntLogUniform(4, 64),
                ["trees"] = IntLogUniform(50, 500),
                ["learning_rate"] = LogUniform(0.01, 0.3),
                ["min_leaf"] = IntLogUniform(5, 200),
            },
            TrainerKind.FastForest => new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["leaves"] = IntLogUniform(8, 128),
                ["trees"] = IntLogUniform(50, 300),
                ["min_leaf"] = IntLogUniform(5, 100),
            },
            TrainerKind.LightGbm => new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["leaves"] = IntLogUniform(4, 64),
                ["iterations"] = IntLogUniform(50, 500),
                ["learning_rate"] = LogUniform(0.01, 0.3),
                ["min_leaf"] = IntLogUniform(5, 200),
                ["l2"] = LogUniform(1e-3, 10),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(trainer)),
        };
    }

    /// <summary>The ML.NET estimator for one candidate, reading Features and Label and producing a raw Score.</summary>
    public static IEstimator<ITransformer> Estimator(MLContext ml, TrainerKind trainer, IReadOnlyDictionary<string, double> h, int seed)
    {
        string f = FeatureData.FeaturesColumn, l = FeatureData.LabelColumn;
        int I(string key) => (int)Math.Round(h[key]);
        float F(string key) => (float)h[key];
        return trainer switch
        {
            TrainerKind.LbfgsLogistic => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                FeatureColumnName = f,
                LabelColumnName = l,
                L1Regularization = F("l1"),
                L2Regularization = F("l2"),
                NumberOfThreads = 1,
            }),
            TrainerKind.SdcaLogistic => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                FeatureColumnName = f,
                LabelColumnName = l,
                L1Regularization = F("l1"),
                L2Regularization = F("l2"),
                NumberOfThreads = 1,
                Shuffle = true,
            }),
            TrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                FeatureColumnName = f,
                LabelColumnName = l,
                NumberOfLeaves = I("leaves"),
                NumberOfTrees = I("trees"),
                LearningRate = h["learning_rate"],
                MinimumExampleCountPerLeaf = I("min_leaf"),
                NumberOfThreads = 1,
                Seed = seed,
            }),
            TrainerKind.FastForest => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                FeatureColumnName = f,
                LabelColumnName = l,
                NumberOfLeaves = I("leaves"),
                NumberOfTrees = I("trees"),
                MinimumExampleCountPerLeaf = I("min_leaf"),
                NumberOfThreads = 1,
                Seed = seed,
            }),
            TrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                FeatureColumnName = f,
                LabelColumnName = l,
                NumberOfLeaves = I("leaves"),
                NumberOfIterations = I("iterations"),
                LearningRate = h["learning_rate"],
                MinimumExampleCountPerLeaf = I("min_leaf"),
                Booster = new GradientBooster.Options { L2Regularization = h["l2"] },
                NumberOfThreads = 1,
                Seed = seed,
                Verbose = false,
                Silent = true,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer)),
        };
    }

    public static string Describe(IReadOnlyDictionary<string, double> h) =>
        string.Join(", ", h.Select(kv => $"{kv.Key}={kv.Value.ToString(kv.Value == Math.Round(kv.Value) ? "0" : "G3", CultureInfo.InvariantCulture)}"));
}

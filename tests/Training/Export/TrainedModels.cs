using MatchModels.Core.Features;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Training.Tests.Export;

/// <summary>Real ML.NET models of each trainer, fitted, Platt-calibrated and thresholded the way the pipeline does it.</summary>
internal static class TrainedModels
{
    public static TheoryData<TrainerKind> AllTrainers => [.. Enum.GetValues<TrainerKind>()];

    /// <summary>Mid-sized settings: enough trees and leaves for many distinct thresholds, small enough to train in a second.</summary>
    public static IReadOnlyDictionary<string, double> Hyperparameters(TrainerKind kind) => kind switch
    {
        TrainerKind.LbfgsLogistic => new Dictionary<string, double> { ["l1"] = 0.01, ["l2"] = 0.1 },
        TrainerKind.SdcaLogistic => new Dictionary<string, double> { ["l1"] = 0.001, ["l2"] = 0.01 },
        TrainerKind.FastTree => new Dictionary<string, double> { ["leaves"] = 31, ["trees"] = 200, ["learning_rate"] = 0.1, ["min_leaf"] = 10 },
        TrainerKind.FastForest => new Dictionary<string, double> { ["leaves"] = 31, ["trees"] = 100, ["min_leaf"] = 10 },
        TrainerKind.LightGbm => new Dictionary<string, double> { ["leaves"] = 31, ["iterations"] = 200, ["learning_rate"] = 0.1, ["min_leaf"] = 10, ["l2"] = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TrainedModel Fit(TrainerKind kind, float[] x, int rows, int width, bool[] y, IReadOnlyList<string>? names = null, int seed = 1)
    {
        var ml = new MLContext(seed);
        RawScorer scorer = FitCandidate.Run(ml, kind, Hyperparameters(kind), x, rows, width, y, seed);
        PlattCalibration platt = PlattCalibration.Fit(scorer.Scores(ml, x, rows), y);
        double[] p = scorer.Scores(ml, x, rows).Select(platt.Apply).ToArray();
        // The exporter never reads the feature state (it rebuilds features from raw profiles, not from these columns);
        // random columns have none to give.
        return new TrainedModel(
            PipelineTask.PairSuccess, kind, Hyperparameters(kind), names ?? Enumerable.Range(0, width).Select(c => $"f{c}").ToArray(), null!,
            AuditFeatureEncoding.None, scorer, platt, BinaryMetrics.ChooseThreshold(p, y));
    }

    /// <summary>
    /// 2,000 rows × 8 features: three carry the signal (y ~ Bernoulli(sigmoid(x0 + x1 − x2))), two are noise, one
    /// takes only the integers 0..4, one is heavy-tailed and one is constant (3).
    /// </summary>
    public static (float[] X, bool[] Y, int Rows, int Width) LearnableData(int seed = 11)
    {
        const int rows = 2_000, width = 8;
        var random = new Random(seed);
        var x = new float[rows * width];
        var y = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = x.AsSpan(r * width, width);
            for (int c = 0; c < 5; c++)
            {
                row[c] = (float)((random.NextDouble() * 4) - 2);
            }

            row[5] = random.Next(5);
            row[6] = (float)Math.Pow(10, (random.NextDouble() * 8) - 4);
            row[7] = 3;
            y[r] = random.NextDouble() < PlattCalibration.Sigmoid((1.5 * row[0]) + row[1] - row[2] + (0.3 * row[5]) - 0.6);
        }

        return (x, y, rows, width);
    }
}

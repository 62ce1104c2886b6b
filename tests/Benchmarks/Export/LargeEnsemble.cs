using MatchModels.Core.Features;
using MatchModels.Training;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Benchmarks.Export;

/// <summary>
/// The export benchmarks' models: LightGBM with 31-leaf trees, 500 of them by default (the top of the search
/// space's iteration range), trained on 20,000 rows × 20 features with enough signal that every tree grows all its leaves.
/// </summary>
internal static class LargeEnsemble
{
    public const int Rows = 20_000;
    public const int Width = 20;

    public static (TrainedModel Model, float[] X) Train(int trees = 500)
    {
        var random = new Random(5);
        var x = new float[Rows * Width];
        var y = new bool[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double z = 0;
            for (int c = 0; c < Width; c++)
            {
                float v = (float)((random.NextDouble() * 4) - 2);
                x[(r * Width) + c] = v;
                z += c < 8 ? v * (c % 2 == 0 ? 1 : -0.5) : 0;
            }

            y[r] = random.NextDouble() < PlattCalibration.Sigmoid(z);
        }

        var h = new Dictionary<string, double> { ["leaves"] = 31, ["iterations"] = trees, ["learning_rate"] = 0.05, ["min_leaf"] = 20, ["l2"] = 1 };
        var ml = new MLContext(1);
        RawScorer scorer = FitCandidate.Run(ml, TrainerKind.LightGbm, h, x, Rows, Width, y, 1);
        PlattCalibration platt = PlattCalibration.Fit(scorer.Scores(ml, x, Rows), y);
        var names = Enumerable.Range(0, Width).Select(c => $"f{c}").ToArray();
        // The exporter never reads the fitted feature state; synthetic columns have none.
        return (new TrainedModel(PipelineTask.PairSuccess, TrainerKind.LightGbm, h, names, null!, AuditFeatureEncoding.None, scorer, platt, 0.5), x);
    }
}

using MatchModels.Training.Pipelines;
using Microsoft.ML;

namespace MatchModels.Training.Trainers;

/// <summary>
/// A fitted raw scorer: optional standardisation, then an ML.NET model whose Score column is the uncalibrated
/// margin. Calibration is applied on top by <see cref="PlattCalibration"/>, fitted on data the model did not see.
/// </summary>
public sealed record RawScorer(TrainerKind Trainer, IReadOnlyDictionary<string, double> Hyperparameters, Standardisation? Standardisation, ITransformer Model, int Width)
{
    public double[] Scores(MLContext ml, float[] rowMajor, int rows)
    {
        float[] input = Standardisation?.Apply(rowMajor, rows) ?? rowMajor;
        return FeatureData.Scores(Model, FeatureData.Load(ml, input, rows, Width, labels: null));
    }
}

public static class FitCandidate
{
    public static RawScorer Run(MLContext ml, TrainerKind trainer, IReadOnlyDictionary<string, double> hyperparameters, float[] rowMajor, int rows, int width, bool[] labels, int seed)
    {
        Standardisation? standardisation = TrainerCatalog.IsLinear(trainer) ? Standardisation.Fit(rowMajor, rows, width) : null;
        float[] input = standardisation?.Apply(rowMajor, rows) ?? rowMajor;
        IDataView data = FeatureData.Load(ml, input, rows, width, labels);
        ITransformer model = TrainerCatalog.Estimator(ml, trainer, hyperparameters, seed).Fit(data);
        return new RawScorer(trainer, hyperparameters, standardisation, model, width);
    }
}

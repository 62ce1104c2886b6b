using System.Text.Json;
using MatchModels.Core.Features;
using MatchModels.Training.Features;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Training;

/// <summary>
/// The chosen model as trained: which features in which order, what the features fitted, the raw scorer,
/// its Platt calibration and the decision threshold. Everything a later export or scorer needs.
/// </summary>
public sealed record TrainedModel(
    PipelineTask Task,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<string> FeatureNames,
    FittedFeatureState FeatureState,
    AuditFeatureEncoding Audit,
    RawScorer Scorer,
    PlattCalibration Calibration,
    double Threshold)
{
    /// <summary>Calibrated probabilities for row-major features in <see cref="FeatureNames"/> order.</summary>
    public double[] Probabilities(MLContext ml, float[] rowMajor, int rows) =>
        Scorer.Scores(ml, rowMajor, rows).Select(Calibration.Apply).ToArray();

    /// <summary>
    /// Writes model.zip (the ML.NET raw scorer), feature-state.json (the fitted feature state, for rebuilding
    /// features) and model.json (trainer, features, standardisation, calibration, threshold) into <paramref name="directory"/>.
    /// </summary>
    public void Save(string directory, MLContext ml)
    {
        Directory.CreateDirectory(directory);
        var schema = FeatureData.Load(ml, new float[FeatureNames.Count], 1, FeatureNames.Count, labels: null).Schema;
        ml.Model.Save(Scorer.Model, schema, Path.Combine(directory, "model.zip"));
        File.WriteAllText(Path.Combine(directory, "feature-state.json"), FeatureState.ToJson());
        var description = new
        {
            task = Task.YamlName,
            trainer = Trainer.YamlName,
            hyperparameters = Hyperparameters,
            features = FeatureNames,
            audit_categories = Audit.Categories,
            standardisation = Scorer.Standardisation is { } s ? new { offset = s.Offset, scale = s.Scale } : null,
            calibration = new { a = Calibration.A, b = Calibration.B },
            threshold = Threshold,
        };
        File.WriteAllText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(description, TrainPipeline.Json));
    }
}

using System.Text.Json;
using MatchModels.Core.Scoring;
using MatchModels.Training.Export.Onnx;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Export;

/// <summary>
/// Exports a trained model as one self-contained ONNX file (<see cref="BuildScoringGraph"/> has the graph):
/// float features [N, F] in <see cref="TrainedModel.FeatureNames"/> order in, Platt-calibrated probability [N]
/// and label [N] (probability ≥ <see cref="TrainedModel.Threshold"/>) out. Models it cannot reproduce exactly are
/// refused with an <see cref="OnnxExportException"/>; <see cref="CheckParity"/> verifies the rest.
/// </summary>
public static class ExportOnnx
{
    /// <summary>The ONNX bytes of <paramref name="model"/>; the same model always gives the same bytes.</summary>
    public static byte[] Run(TrainedModel model) => Write(Describe(model));

    /// <summary>The ONNX bytes of a model given as plain numbers.</summary>
    public static byte[] Write(ExportableModel model) => BuildScoringGraph.Run(model).ToByteArray();

    /// <summary>The plain numbers of a trained model: its features, standardisation, raw score, calibration and threshold.</summary>
    public static ExportableModel Describe(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Scorer.Width != model.FeatureNames.Count)
        {
            throw new OnnxExportException($"the scorer reads {model.Scorer.Width} features but the model names {model.FeatureNames.Count}");
        }

        return new ExportableModel(model.FeatureNames, model.Scorer.Standardisation, ReadRawScoreFunction.From(model.Scorer), model.Calibration, model.Threshold)
        {
            Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [OnnxScoringContract.TrainerKey] = model.Trainer.YamlName,
                [OnnxScoringContract.TaskKey] = model.Task.YamlName,
                [OnnxScoringContract.HyperparametersKey] = JsonSerializer.Serialize(
                    new SortedDictionary<string, double>(model.Hyperparameters.ToDictionary(), StringComparer.Ordinal)),
            },
        };
    }
}

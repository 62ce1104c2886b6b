using MatchModels.Training.Trainers;

namespace MatchModels.Training.Export;

/// <summary>
/// A scoring model as plain numbers, which is all the ONNX writer reads: features in column order, the optional
/// standardisation x' = (x − Offset)·Scale, the raw score, Platt's p = sigmoid(A·s + B) and the decision
/// threshold (label 1 when p ≥ threshold). Tests build these by hand; <see cref="ExportOnnx.Describe(TrainedModel)"/> reads
/// them out of a trained ML.NET model.
/// </summary>
public sealed record ExportableModel(
    IReadOnlyList<string> FeatureNames,
    Standardisation? Standardisation,
    RawScoreFunction RawScore,
    PlattCalibration Calibration,
    double Threshold)
{
    /// <summary>Extra metadata_props written into the file (trainer, task...), besides the ones the contract fixes.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public int Width => FeatureNames.Count;

    /// <summary>Throws <see cref="OnnxExportException"/> when the pieces do not fit together.</summary>
    public void Validate()
    {
        if (Width == 0)
        {
            throw new OnnxExportException("the model has no features");
        }

        if (Standardisation is { } s && (s.Offset.Length != Width || s.Scale.Length != Width))
        {
            throw new OnnxExportException($"the standardisation has {s.Offset.Length} offsets and {s.Scale.Length} scales for {Width} features");
        }

        if (Standardisation is { } standardisation && standardisation.Offset.Concat(standardisation.Scale).Any(v => !float.IsFinite(v)))
        {
            throw new OnnxExportException("the standardisation has an offset or scale that is not finite");
        }

        if (!double.IsFinite(Calibration.A) || !double.IsFinite(Calibration.B))
        {
            throw new OnnxExportException($"the Platt calibration is not finite (A = {Calibration.A}, B = {Calibration.B})");
        }

        if (!(Threshold >= 0 && Threshold <= 1))
        {
            throw new OnnxExportException($"the threshold {Threshold} is not a probability");
        }

        switch (RawScore)
        {
            case LinearScore linear when linear.Weights.Length != Width:
                throw new OnnxExportException($"the linear model has {linear.Weights.Length} weights for {Width} features");
            case LinearScore linear when !float.IsFinite(linear.Bias) || linear.Weights.Any(w => !float.IsFinite(w)):
                throw new OnnxExportException("the linear model has a weight or bias that is not finite");
            case TreeEnsembleScore ensemble:
                if (ensemble.Trees.Count == 0)
                {
                    throw new OnnxExportException("the tree ensemble has no trees");
                }

                for (int t = 0; t < ensemble.Trees.Count; t++)
                {
                    ensemble.Trees[t].Validate(Width, t);
                }

                break;
        }
    }
}

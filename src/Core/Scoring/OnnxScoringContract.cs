namespace MatchModels.Core.Scoring;

/// <summary>
/// The names an exported scoring graph and its scorer agree on: one float input [N, F] with the features in the
/// model's order, a float probability per row and an int64 label per row (1 when probability ≥ threshold), and
/// the metadata keys that carry the feature names and threshold inside the file.
/// </summary>
public static class OnnxScoringContract
{
    public const string FeaturesInput = "features";
    public const string ProbabilityOutput = "probability";
    public const string LabelOutput = "label";

    /// <summary>The symbolic batch dimension: any number of rows, including one.</summary>
    public const string BatchDimension = "N";

    /// <summary>The feature names in column order, as a JSON array of strings.</summary>
    public const string FeatureNamesKey = "matchmodels.feature_names";

    /// <summary>The decision threshold on the probability, round-trip formatted ("R").</summary>
    public const string ThresholdKey = "matchmodels.threshold";

    public const string TrainerKey = "matchmodels.trainer";
    public const string TaskKey = "matchmodels.task";
    public const string HyperparametersKey = "matchmodels.hyperparameters";
    public const string CalibrationKey = "matchmodels.calibration";
}

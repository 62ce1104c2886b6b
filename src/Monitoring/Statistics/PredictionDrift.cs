namespace MatchModels.Monitoring.Statistics;

/// <summary>Drift of the model's output: the predicted probabilities are one more numerical column, tested as any other.</summary>
public static class PredictionDrift
{
    /// <summary>The name the score column has in reports and in <see cref="DriftOptions.Features"/>.</summary>
    public const string Column = "prediction";

    public static FeatureDriftResult Evaluate(ReadOnlySpan<double> referenceScores, ReadOnlySpan<double> currentScores, DriftOptions? options = null) =>
        FeatureDrift.Evaluate(Column, referenceScores, currentScores, FeatureKind.Numerical, options);
}

namespace MatchModels.Training.Evaluation;

/// <summary>Computes every headline metric of one model's scores on one labelled set.</summary>
public static class EvaluateScores
{
    /// <summary>Default number of equal-width bins for the expected calibration error (the common choice since Guo et al., 2017).</summary>
    public const int CalibrationBins = 10;

    /// <param name="scores">Predicted probabilities of the positive class, each in [0, 1].</param>
    /// <param name="labels">True outcomes, one per score.</param>
    /// <param name="threshold">Decision threshold, chosen beforehand on validation data with <see cref="BinaryMetrics.ChooseThreshold"/>,
    /// never on the rows evaluated here.</param>
    public static EvaluationMetrics Run(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double threshold)
    {
        BinaryMetrics.CheckProbabilities(scores, labels);
        int positives = BinaryMetrics.CountPositives(labels);
        return new EvaluationMetrics(
            Rows: scores.Length,
            Positives: positives,
            BaseRate: (double)positives / scores.Length,
            RocAuc: BinaryMetrics.RocAuc(scores, labels),
            PrAuc: BinaryMetrics.AveragePrecision(scores, labels),
            LogLoss: BinaryMetrics.LogLoss(scores, labels),
            Brier: BinaryMetrics.Brier(scores, labels),
            BaseRateBrier: BinaryMetrics.BaseRateBrier(labels),
            Ece: BinaryMetrics.ExpectedCalibrationError(scores, labels, CalibrationBins),
            AtThreshold: BinaryMetrics.AtThreshold(scores, labels, threshold));
    }
}

namespace MatchModels.Training.Evaluation;

/// <summary>The headline numbers of one model on one labelled set.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Positives">Rows whose label is true.</param>
/// <param name="BaseRate">Positives / Rows.</param>
/// <param name="RocAuc">Area under the ROC curve; NaN when the set holds only one class.</param>
/// <param name="PrAuc">Average precision (step-wise area under the precision–recall curve); NaN when there are no positives.</param>
/// <param name="LogLoss">Mean negative log-likelihood, scores clipped to [1e-15, 1 − 1e-15].</param>
/// <param name="Brier">Mean squared error of the scores against the 0/1 labels.</param>
/// <param name="BaseRateBrier">Brier score of always predicting <paramref name="BaseRate"/>: the bar a useful model must clear.</param>
/// <param name="Ece">Expected calibration error over 10 equal-width bins.</param>
/// <param name="AtThreshold">Confusion counts at the threshold chosen on validation data.</param>
public sealed record EvaluationMetrics(
    int Rows,
    int Positives,
    double BaseRate,
    double RocAuc,
    double PrAuc,
    double LogLoss,
    double Brier,
    double BaseRateBrier,
    double Ece,
    ThresholdMetrics AtThreshold)
{
    /// <summary>
    /// Brier skill score against the base rate, 1 − Brier / BaseRateBrier (Wilks, Statistical Methods in the Atmospheric
    /// Sciences, ch. 9): 0 is no better than always predicting the base rate, 1 is perfect. NaN when the set holds one class.
    /// </summary>
    public double BrierSkill => BaseRateBrier == 0 ? double.NaN : 1 - (Brier / BaseRateBrier);
}

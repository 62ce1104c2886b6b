namespace MatchModels.Training.Fairness;

/// <summary>
/// The numbers of one group of one attribute. When <paramref name="TooSmall"/> is true every number is null: the group has
/// fewer rows than the report's minimum, so its rates would be noise (and could point at individuals).
/// </summary>
/// <param name="Group">Group value, or <see cref="AssessFairness.MissingGroup"/>.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="TooSmall">True when the group has fewer rows than the minimum, so no numbers are given.</param>
/// <param name="PositiveRate">Share of rows whose label is true.</param>
/// <param name="MeanPredicted">Mean score.</param>
/// <param name="Auc">ROC AUC within the group; null also when the group holds only one class.</param>
/// <param name="CalibrationGap">Mean predicted − positive rate: positive when the model over-predicts for the group.</param>
/// <param name="SelectionRate">Share of rows scored at or above the decision threshold.</param>
/// <param name="TruePositiveRate">Share of the group's positives scored at or above the threshold; null without positives.</param>
/// <param name="FalsePositiveRate">Share of the group's negatives scored at or above the threshold; null without negatives.</param>
public sealed record GroupFairness(
    string Group,
    int Count,
    bool TooSmall,
    double? PositiveRate,
    double? MeanPredicted,
    double? Auc,
    double? CalibrationGap,
    double? SelectionRate = null,
    double? TruePositiveRate = null,
    double? FalsePositiveRate = null);

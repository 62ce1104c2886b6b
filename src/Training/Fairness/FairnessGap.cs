namespace MatchModels.Training.Fairness;

/// <summary>The spread of one metric across the reportable groups of one attribute: <paramref name="Gap"/> = high − low.</summary>
/// <param name="Attribute">The attribute whose groups are compared.</param>
/// <param name="Metric">Which number is compared; for <see cref="FairnessMetric.Calibration"/> the values are |calibration gap|.</param>
/// <param name="Gap">Highest value − lowest value.</param>
/// <param name="LowGroup">Group with the lowest value (the first in name order when several tie).</param>
/// <param name="LowValue">The lowest value.</param>
/// <param name="HighGroup">Group with the highest value (the first in name order when several tie).</param>
/// <param name="HighValue">The highest value.</param>
public sealed record FairnessGap(
    string Attribute,
    FairnessMetric Metric,
    double Gap,
    string LowGroup,
    double LowValue,
    string HighGroup,
    double HighValue);

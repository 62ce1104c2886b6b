namespace MatchModels.Training.Fairness;

/// <summary>The spread of one metric across the reportable groups of one attribute: <paramref name="Gap"/> = high − low.</summary>
/// <param name="Attribute">The attribute whose groups are compared.</param>
/// <param name="Metric">Which number is compared; for <see cref="FairnessMetric.Calibration"/> the values are |calibration gap|.
/// For <see cref="FairnessMetric.EqualizedOdds"/> the gap is the larger of the TPR and FPR gaps, and the groups and values are that gap's.</param>
/// <param name="Gap">Highest value − lowest value.</param>
/// <param name="LowGroup">Group with the lowest value (the first in name order when several tie).</param>
/// <param name="LowValue">The lowest value.</param>
/// <param name="HighGroup">Group with the highest value (the first in name order when several tie).</param>
/// <param name="HighValue">The highest value.</param>
/// <param name="Low">Lower end of the gap's 95% bootstrap interval; null when no bootstrap was run (or in a report written before intervals).</param>
/// <param name="High">Upper end of the gap's 95% bootstrap interval.</param>
public sealed record FairnessGap(
    string Attribute,
    FairnessMetric Metric,
    double Gap,
    string LowGroup,
    double LowValue,
    string HighGroup,
    double HighValue,
    double? Low = null,
    double? High = null);

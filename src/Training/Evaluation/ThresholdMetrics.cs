namespace MatchModels.Training.Evaluation;

/// <summary>Confusion counts and the rates built on them when a score at or above <paramref name="Threshold"/> is called positive.</summary>
/// <remarks>Precision is 0 when nothing is called positive, recall is 0 when there are no positives, and F1 is 0 when both are 0
/// (scikit-learn's zero_division=0 convention), so every field is a number.</remarks>
public sealed record ThresholdMetrics(
    double Threshold,
    double Precision,
    double Recall,
    double F1,
    double Accuracy,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives);

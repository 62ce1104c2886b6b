namespace MatchModels.Training.Evaluation;

/// <summary>One point of a ROC curve: the rates reached when every score at or above <paramref name="Threshold"/> is called positive.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

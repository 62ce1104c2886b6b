namespace MatchModels.Training.Evaluation;

/// <summary>One point of a precision–recall curve: the rates reached when every score at or above <paramref name="Threshold"/> is called positive.</summary>
public sealed record PrPoint(double Recall, double Precision, double Threshold);

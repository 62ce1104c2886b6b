namespace MatchModels.Training.Evaluation;

/// <summary>One bin of a reliability diagram: the scores that fell in [<paramref name="Lower"/>, <paramref name="Upper"/>) (the last bin also holds 1.0).</summary>
/// <param name="Lower">Inclusive lower edge of the bin.</param>
/// <param name="Upper">Upper edge of the bin (exclusive, except 1.0 for the last bin).</param>
/// <param name="Count">How many scores fell in the bin (never 0: empty bins are left out).</param>
/// <param name="MeanPredicted">Mean score of the bin.</param>
/// <param name="ObservedRate">Share of positive labels in the bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

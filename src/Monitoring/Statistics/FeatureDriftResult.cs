namespace MatchModels.Monitoring.Statistics;

/// <summary>One column's drift between the reference and a window: which method, its score, the threshold it was read against, and the verdict.</summary>
public sealed record FeatureDriftResult(string Feature, string Method, double Score, double Threshold, DriftRule Rule, bool Drifted);

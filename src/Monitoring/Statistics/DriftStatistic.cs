namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// A drift method's score of one column: a p-value or a distance between the reference sample and the current window
/// (<see cref="DriftMethod.Rule"/> says which). Categorical columns hold category codes as numbers.
/// </summary>
public delegate double DriftStatistic(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, FeatureKind kind);

namespace MatchModels.Monitoring.Performance;

/// <summary>A metric's value on the window and its 95% bootstrap interval [Low, High] (NaN bounds when undefined).</summary>
public sealed record MetricInterval(double Estimate, double Low, double High);

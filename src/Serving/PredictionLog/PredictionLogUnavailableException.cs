namespace MatchModels.Serving.PredictionLog;

/// <summary>The log could not take a record (queue full past the timeout, or shutting down); the request must fail (503) rather than be answered unlogged.</summary>
public sealed class PredictionLogUnavailableException(string message) : Exception(message);

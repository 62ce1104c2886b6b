namespace MatchModels.Training;

/// <summary>A training run cannot go on for a reason the user can act on (too few positives, too small a budget...).</summary>
public sealed class TrainingException(string message) : Exception(message);

using MatchModels.Training.Runs;

namespace MatchModels.Training;

/// <summary>A training run cannot go on for a reason the user can act on (too few positives, too small a budget...).</summary>
public sealed class TrainingException(string message) : Exception(message)
{
    /// <summary>The run record as far as the run got, when it knows more than the start did (labels, split), for run.json.</summary>
    public RunRecord? Record { get; init; }
}

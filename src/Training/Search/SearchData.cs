namespace MatchModels.Training.Search;

/// <summary>One cross-validation fold: features fitted and built on its training side only.</summary>
public sealed record FoldData(float[] TrainX, bool[] TrainY, float[] ValidX, bool[] ValidY, int[] ValidRows)
{
    public int TrainCount => TrainY.Length;

    public int ValidCount => ValidY.Length;
}

/// <summary>How a search judges candidates: a metric over (probabilities, labels) and its direction.</summary>
/// <param name="Name">As pipelines spell it: auc, pr_auc, log_loss, brier.</param>
/// <param name="Compute">The metric of calibrated probabilities against labels.</param>
/// <param name="HigherIsBetter">False for losses.</param>
public sealed record SearchMetric(string Name, Func<double[], bool[], double> Compute, bool HigherIsBetter)
{
    public bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;

    /// <summary>A sort key where smaller is better, whatever the direction.</summary>
    public double Key(double value) => HigherIsBetter ? -value : value;
}

/// <summary>When a search stops: after a number of candidates (deterministic) or a time budget.</summary>
public sealed record SearchBudget(int? Trials, TimeSpan? Time)
{
    public static SearchBudget OfTrials(int n) => new(n, null);

    public static SearchBudget OfTime(TimeSpan t) => new(null, t);
}

/// <summary>What a running search reports for a live display.</summary>
public sealed record SearchProgress(int Trial, string Trainer, int FoldsDone, int Folds, TimeSpan Elapsed, int Completed, string? BestTrainer, double? BestMetric);

/// <summary>The outcome of a search: every candidate, the chosen one, and its out-of-fold raw scores for calibration.</summary>
public sealed record SearchResult(
    IReadOnlyList<LeaderboardEntry> Leaderboard,
    LeaderboardEntry Chosen,
    double[] OutOfFoldScores,
    bool[] OutOfFoldLabels,
    TimeSpan Elapsed,
    string StopReason);

namespace MatchModels.Core.PredictionLog;

/// <summary>Reads the prediction log and the outcomes written beside it, by UTC day, for monitoring and audits.</summary>
public static class PredictionLogReader
{
    /// <summary>The sub-folder of the log folder that holds outcomes.</summary>
    public const string OutcomesFolder = "outcomes";

    /// <summary>The sub-folder of the log folder that holds predictions.</summary>
    public const string PredictionsFolder = "predictions";

    /// <summary>
    /// Every prediction row of the days from <paramref name="fromDay"/> to <paramref name="toDay"/>, primary and shadow
    /// (<see cref="PredictionRecord.Role"/>). Rows without a role read as primary: Parquet.Net leaves a property at its
    /// initial value (<see cref="PredictionRecord.PrimaryRole"/>) both when a file lacks the column (files written
    /// before it existed) and when a row holds null there (old and new files merged by another tool).
    /// </summary>
    public static Task<IReadOnlyList<PredictionRecord>> ReadPredictionsAsync(string logFolder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default) =>
        DayPartitionedParquet.ReadAsync<PredictionRecord>(Path.Combine(logFolder, PredictionsFolder), fromDay, toDay, ct);

    public static Task<IReadOnlyList<OutcomeRecord>> ReadOutcomesAsync(string logFolder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default) =>
        DayPartitionedParquet.ReadAsync<OutcomeRecord>(Path.Combine(logFolder, OutcomesFolder), fromDay, toDay, ct);
}

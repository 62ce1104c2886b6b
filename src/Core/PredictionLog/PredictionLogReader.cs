namespace MatchModels.Core.PredictionLog;

/// <summary>Reads the prediction log and the outcomes written beside it, by UTC day, for monitoring and audits.</summary>
public static class PredictionLogReader
{
    /// <summary>The sub-folder of the log folder that holds outcomes.</summary>
    public const string OutcomesFolder = "outcomes";

    /// <summary>The sub-folder of the log folder that holds predictions.</summary>
    public const string PredictionsFolder = "predictions";

    public static Task<IReadOnlyList<PredictionRecord>> ReadPredictionsAsync(string logFolder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default) =>
        DayPartitionedParquet.ReadAsync<PredictionRecord>(Path.Combine(logFolder, PredictionsFolder), fromDay, toDay, ct);

    public static Task<IReadOnlyList<OutcomeRecord>> ReadOutcomesAsync(string logFolder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default) =>
        DayPartitionedParquet.ReadAsync<OutcomeRecord>(Path.Combine(logFolder, OutcomesFolder), fromDay, toDay, ct);
}

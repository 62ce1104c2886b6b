namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// What the serving routes, readiness and metrics need of a log of records (predictions or outcomes), whichever backend
/// keeps it: the embedded files (<see cref="GroupCommitLog{T}"/>, the default) or PostgreSQL
/// (<see cref="Postgres.PostgresGroupCommitLog{T}"/>, when <see cref="PredictionLogOptions.ConnectionString"/> is set).
/// Both acknowledge a record only once it is durable, and refuse (503) rather than answer unlogged.
/// </summary>
public interface IDurableLog<T>
    where T : class
{
    /// <summary>Records accepted and not yet durable; for a gauge in /metrics.</summary>
    int QueueDepth { get; }

    /// <summary>Records the queue holds before <see cref="AppendAsync(IEnumerable{T}, CancellationToken)"/> waits.</summary>
    int Capacity { get; }

    /// <summary>
    /// Appends <paramref name="records"/> and returns once they are durable (fsynced, or committed). Throws
    /// <see cref="PredictionLogUnavailableException"/> when the queue stays full, the write fails or the log is stopping:
    /// the request must then fail rather than be answered unlogged.
    /// </summary>
    ValueTask AppendAsync(IEnumerable<T> records, CancellationToken ct = default);

    /// <summary>
    /// Queues <paramref name="records"/> only if they fit under <paramref name="maxQueued"/> records not yet durable, and
    /// never waits: for rows that may be lost rather than delay or fail a request (shadow scoring). Returns how many were
    /// queued, all or none.
    /// </summary>
    int TryAppend(IReadOnlyList<T> records, int maxQueued);

    /// <summary>Why the log cannot take a record now, in words that name no server path or secret; null when it can.</summary>
    ValueTask<string?> NotReadyReasonAsync(CancellationToken ct);
}

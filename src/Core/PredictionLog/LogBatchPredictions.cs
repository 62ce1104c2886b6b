using System.Globalization;

namespace MatchModels.Core.PredictionLog;

/// <summary>One pair that a batch scored: its participants, the model's input row, the probability and the cut-off its features were read at.</summary>
public sealed record BatchPrediction(string MenteeId, string MentorId, float[] Features, double Probability, DateTime? AsOfUtc = null);

/// <summary>
/// Appends the pairs a batch scored to a prediction log folder (the layout <c>serve</c> writes, read by <c>monitor</c>
/// and the data commands) as primary rows of route <see cref="PredictionRecord.BatchRoute"/> and key id
/// <see cref="KeyId"/>, in one durable Parquet file per UTC day (<see cref="DayPartitionedParquet"/>: written aside,
/// flushed, renamed, folder flushed).
/// </summary>
public static class LogBatchPredictions
{
    /// <summary>The key id of batch rows: no API key scored them, and the data commands still tell them from served rows.</summary>
    public const string KeyId = "cli";

    /// <summary>
    /// Refuses a log folder that cannot be one before any work is done: a file, or a folder whose parent does not exist
    /// (a typo rather than a new log).
    /// </summary>
    public static void CheckFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new ArgumentException($"--log {folder} is a file, not a prediction log folder; nothing was scored");
        }

        if (!Directory.Exists(full) && Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
        {
            throw new ArgumentException($"--log {folder}: its parent folder {parent} does not exist; nothing was scored");
        }

        string predictions = Path.Combine(full, PredictionLogReader.PredictionsFolder);
        if (File.Exists(predictions))
        {
            throw new ArgumentException($"--log {folder}: {predictions} is a file, so this is not a prediction log folder; nothing was scored");
        }
    }

    /// <summary>
    /// The rows for <paramref name="scored"/>: one request id per row (<paramref name="runId"/> and the row's index), the
    /// pair id "mentee_id→mentor_id" as the scoring routes log it (so data access and erase find the person), the
    /// label decided at <paramref name="threshold"/> and the pair's own as_of, all at <paramref name="nowUtc"/>.
    /// </summary>
    public static IReadOnlyList<PredictionRecord> Records(string model, int version, double threshold, IReadOnlyList<BatchPrediction> scored, string runId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return [.. scored.Select((p, i) => new PredictionRecord
        {
            RequestId = string.Create(CultureInfo.InvariantCulture, $"{runId}-{i}"),
            TimeUtc = nowUtc,
            KeyId = KeyId,
            Model = model,
            Version = version,
            PairId = $"{p.MenteeId}→{p.MentorId}",
            Features = p.Features,
            Probability = p.Probability,
            Label = p.Probability >= threshold,
            Role = PredictionRecord.PrimaryRole,
            Route = PredictionRecord.BatchRoute,
            AsOfUtc = p.AsOfUtc is { } asOf ? DateTime.SpecifyKind(asOf, DateTimeKind.Utc) : null,
        })];
    }

    /// <summary>Writes <paramref name="records"/> under <paramref name="folder"/>'s predictions/ and returns the files written.</summary>
    public static Task<IReadOnlyList<string>> WriteAsync(string folder, IReadOnlyList<PredictionRecord> records, DateTime nowUtc, CancellationToken ct = default) =>
        DayPartitionedParquet.WriteAsync(Path.Combine(folder, PredictionLogReader.PredictionsFolder), records, r => r.TimeUtc, nowUtc, ct);
}

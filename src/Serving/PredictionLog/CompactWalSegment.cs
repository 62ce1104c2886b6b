using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Turns one closed write-ahead segment into the log's day-partitioned Parquet files (<see cref="DayPartitionedParquet"/>,
/// one file per day named after the segment) and deletes the segment only once they are durably written. Running it
/// again after a crash part-way rewrites only the days whose file is missing, so no row is duplicated. The same code
/// compacts a segment the writer has just closed and replays one a dead process left behind.
/// </summary>
public static class CompactWalSegment
{
    /// <summary>What one compaction kept and dropped.</summary>
    public sealed record Outcome(int Records, long TornBytes);

    public static async Task<Outcome> RunAsync<T>(string segment, string logFolder, Func<T, DateTime> timeUtc, JsonTypeInfo<T> json, ILogger log, CancellationToken ct = default)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(log);
        byte[] bytes = await File.ReadAllBytesAsync(segment, ct);
        WalFrames.Contents contents = WalFrames.Read(bytes);
        if (!contents.HeaderValid)
        {
            throw new InvalidDataException($"{segment} is not a write-ahead segment of this format (its first bytes are not the header)");
        }

        var records = new List<T>(contents.Frames.Count);
        foreach (ReadOnlyMemory<byte> frame in contents.Frames)
        {
            records.Add(JsonSerializer.Deserialize(frame.Span, json) ?? throw new InvalidDataException($"{segment} holds a null record"));
        }

        if (contents.TornBytes > 0)
        {
            // Only the end of a segment can be torn, by a crash during a write that no fsync covered: never acknowledged.
            log.LogWarning("Dropped the last {Bytes} bytes of {Segment}, an unfinished write (never acknowledged); kept its {Count} whole records",
                contents.TornBytes, segment, records.Count);
        }

        await DayPartitionedParquet.WriteAsync(logFolder, records, timeUtc, WalSegments.Name(segment), ct);
        File.Delete(segment);
        return new Outcome(records.Count, contents.TornBytes);
    }
}

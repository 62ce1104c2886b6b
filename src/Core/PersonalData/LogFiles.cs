using MatchModels.Core.PredictionLog;
using Parquet;
using Parquet.Serialization;

namespace MatchModels.Core.PersonalData;

/// <summary>Reads one log file, and rewrites it without some rows so that a reader sees the old file or the new one, never half.</summary>
internal static class LogFiles
{
    public static Task<IList<T>> ReadAsync<T>(string file, CancellationToken ct)
        where T : class, new() =>
        DayPartitionedParquet.ReadFileAsync<T>(file, ct);

    /// <summary>Replaces <paramref name="file"/> by one holding <paramref name="kept"/>, or deletes it when nothing is kept.</summary>
    public static async Task RewriteAsync<T>(string file, IList<T> kept, CancellationToken ct)
        where T : class, new()
    {
        if (kept.Count == 0)
        {
            File.Delete(file);
            return;
        }

        string aside = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await ParquetSerializer.SerializeAsync(kept, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(aside, file, overwrite: true);
        }
        finally
        {
            File.Delete(aside);
        }
    }
}

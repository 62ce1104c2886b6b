using System.Globalization;
using Parquet;
using Parquet.Serialization;

namespace MatchModels.Core.PredictionLog;

/// <summary>
/// Append-only logs as Parquet files partitioned by UTC day, the Hive layout Spark, DuckDB and pandas read directly:
/// <c>&lt;folder&gt;/date=YYYY-MM-DD/part-&lt;utc time&gt;-&lt;guid&gt;.parquet</c>. Each file is written under a
/// hidden name and renamed, so a reader never sees half a file and a crash leaves at most a stray hidden file.
/// </summary>
public static class DayPartitionedParquet
{
    private const string PartitionPrefix = "date=";
    private const string FilePrefix = "part-";

    /// <summary>Writes one file per UTC day present in <paramref name="records"/>; returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync<T>(string folder, IReadOnlyCollection<T> records, Func<T, DateTime> timeUtc, DateTime nowUtc, CancellationToken ct = default)
        where T : class, new()
    {
        var written = new List<string>();
        foreach (IGrouping<DateOnly, T> day in records.GroupBy(r => DateOnly.FromDateTime(timeUtc(r))).OrderBy(g => g.Key))
        {
            string dir = Path.Combine(folder, PartitionPrefix + day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            string name = $"{FilePrefix}{nowUtc.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.parquet";
            string aside = Path.Combine(dir, "." + name + ".tmp");
            string target = Path.Combine(dir, name);
            await using (FileStream stream = new(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await ParquetSerializer.SerializeAsync(day.ToList(), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct);
                await stream.FlushAsync(ct);
                // The rename below must not publish a file whose bytes are still only in the page cache.
                stream.Flush(flushToDisk: true);
            }

            File.Move(aside, target);
            written.Add(target);
        }

        return written;
    }

    /// <summary>Every record in the day partitions from <paramref name="fromDay"/> to <paramref name="toDay"/> (both included), file by file in name (time) order.</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(string folder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default)
        where T : class, new()
    {
        var all = new List<T>();
        if (!Directory.Exists(folder))
        {
            return all;
        }

        var days = Directory.EnumerateDirectories(folder, PartitionPrefix + "*")
            .Select(d => (dir: d, day: DateOnly.TryParseExact(Path.GetFileName(d)[PartitionPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly v) ? v : (DateOnly?)null))
            .Where(d => d.day is { } v && v >= fromDay && v <= toDay)
            .OrderBy(d => d.day);
        foreach ((string dir, _) in days)
        {
            foreach (string file in Directory.EnumerateFiles(dir, FilePrefix + "*.parquet").Order(StringComparer.Ordinal))
            {
                await using FileStream stream = File.OpenRead(file);
                all.AddRange((await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)).Data);
            }
        }

        return all;
    }
}

using System.Globalization;
using Parquet;
using Parquet.Serialization;

namespace MatchModels.Core.PredictionLog;

/// <summary>
/// Append-only logs as Parquet files partitioned by UTC day, the Hive layout DuckDB, Spark and Trino read as a table:
/// <c>&lt;folder&gt;/day=YYYY-MM-DD/part-&lt;name&gt;.parquet</c>, which gives readers a <c>day</c> column. Each file
/// is written under a hidden name, flushed to disk, renamed, and its folder flushed, so a reader never sees half a
/// file and a file that has been returned survives a crash or a power cut.
/// </summary>
public static class DayPartitionedParquet
{
    /// <summary>The Hive partition key: folders are <c>day=YYYY-MM-DD</c>.</summary>
    public const string PartitionKey = "day";

    private const string PartitionPrefix = PartitionKey + "=";

    /// <summary>The partition folders' prefix before the key was named <c>day</c>; read, and moved by <see cref="MoveLegacyPartitions"/>.</summary>
    private const string LegacyPartitionPrefix = "date=";

    private const string FilePrefix = "part-";

    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>Writes one file per UTC day present in <paramref name="records"/>, named after the time of writing and a new guid; returns the files written.</summary>
    public static Task<IReadOnlyList<string>> WriteAsync<T>(string folder, IReadOnlyCollection<T> records, Func<T, DateTime> timeUtc, DateTime nowUtc, CancellationToken ct = default)
        where T : class, new() =>
        WriteAsync(folder, records, timeUtc, $"{nowUtc.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}", ct);

    /// <summary>
    /// Writes one file per UTC day present in <paramref name="records"/>, each <c>part-<paramref name="name"/>.parquet</c>
    /// in its day's folder, and returns them. A day whose file already exists is skipped: a name that stands for a fixed
    /// set of records (a write-ahead segment) can then be written again after a crash without duplicating any row.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync<T>(string folder, IReadOnlyCollection<T> records, Func<T, DateTime> timeUtc, string name, CancellationToken ct = default)
        where T : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var written = new List<string>();
        foreach (IGrouping<DateOnly, T> day in records.GroupBy(r => DateOnly.FromDateTime(timeUtc(r))).OrderBy(g => g.Key))
        {
            string dir = Path.Combine(folder, PartitionPrefix + day.Key.ToString(DayFormat, CultureInfo.InvariantCulture));
            string target = Path.Combine(dir, FilePrefix + name + ".parquet");
            written.Add(target);
            if (File.Exists(target))
            {
                continue;
            }

            bool created = !Directory.Exists(dir);
            Directory.CreateDirectory(dir);
            if (created)
            {
                DurableDirectory.Flush(folder);
            }

            string aside = Path.Combine(dir, $".{FilePrefix}{name}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (FileStream stream = new(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    await ParquetSerializer.SerializeAsync(day.ToList(), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct);
                    await stream.FlushAsync(ct);
                    // The rename below must not publish a file whose bytes are still only in the page cache.
                    stream.Flush(flushToDisk: true);
                }

                File.Move(aside, target);
            }
            catch
            {
                File.Delete(aside);
                throw;
            }

            // A rename is durable only once its folder is: until then a power cut could bring back the folder without it.
            DurableDirectory.Flush(dir);
        }

        return written;
    }

    /// <summary>
    /// Every record in the day partitions from <paramref name="fromDay"/> to <paramref name="toDay"/> (both included),
    /// day by day and file by file in name order; folders of the older <c>date=YYYY-MM-DD</c> layout are read too.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(string folder, DateOnly fromDay, DateOnly toDay, CancellationToken ct = default)
        where T : class, new()
    {
        var all = new List<T>();
        if (!Directory.Exists(folder))
        {
            return all;
        }

        var days = Directory.EnumerateDirectories(folder, PartitionPrefix + "*").Select(d => (dir: d, day: Day(d, PartitionPrefix)))
            .Concat(Directory.EnumerateDirectories(folder, LegacyPartitionPrefix + "*").Select(d => (dir: d, day: Day(d, LegacyPartitionPrefix))))
            .Where(d => d.day is { } v && v >= fromDay && v <= toDay)
            .OrderBy(d => d.day)
            .ThenBy(d => d.dir, StringComparer.Ordinal);
        foreach ((string dir, _) in days)
        {
            foreach (string file in Directory.EnumerateFiles(dir, FilePrefix + "*.parquet").Order(StringComparer.Ordinal))
            {
                all.AddRange(await ReadFileAsync<T>(file, ct));
            }
        }

        return all;
    }

    /// <summary>
    /// The records of one log file. A file that cannot be read (truncated, bytes flipped by a disk or a copy, not
    /// Parquet at all) is an <see cref="InvalidDataException"/> naming it and what is wrong, whatever Parquet.Net threw:
    /// it trusts the footer's lengths and offsets, so damage surfaces as any exception its arithmetic hits. The footer
    /// is checked first (<see cref="Tables.ParquetFooterCheck"/>), so a count in a garbled footer cannot make it
    /// allocate for rows the file cannot hold.
    /// </summary>
    /// <remarks>
    /// Parquet.Net 6.1 loops forever on a few damaged footers that are sound Thrift but give a field another type than
    /// it expects (it then reads a varint past the end of the footer, where every byte reads as 0xFF; one variant in
    /// about 3,000 of tests/Core/PredictionLog/DamagedLogFileTests.cs). A read is therefore given
    /// <see cref="ReadBudget"/>: past it the file is refused like any damaged one, and the looping thread, which cannot
    /// be stopped, stays busy until the process ends. <c>monitor</c> and <c>data access</c> end right after; a server
    /// whose retention pass meets such a file logs its name every day, so move it aside.
    /// </remarks>
    public static async Task<IList<T>> ReadFileAsync<T>(string file, CancellationToken ct = default)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(file);
        TimeSpan budget = ReadBudget(file);
        Task<IList<T>> read = Task.Run(() => ReadCheckedAsync<T>(file, ct), ct);
        try
        {
            return await read.WaitAsync(budget, ct);
        }
        catch (TimeoutException)
        {
            // Observed, so that if the read ever ends with an exception it is not reported as unobserved.
            _ = read.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new InvalidDataException(
                $"{file}: not a readable log file: reading it took more than {budget.TotalSeconds:0} s, which a sound file of its size never needs; its footer is damaged");
        }
    }

    /// <summary>
    /// How long reading <paramref name="file"/> may take: ten seconds and two per MiB. A sound segment's file (at most
    /// a 16 MiB segment's rows) reads in well under a second, so this only trips on a read that will never end, even on
    /// a machine busy with other work.
    /// </summary>
    internal static TimeSpan ReadBudget(string file)
    {
        long bytes = File.Exists(file) ? new FileInfo(file).Length : 0;
        return TimeSpan.FromSeconds(10 + (2.0 * bytes / (1024 * 1024)));
    }

    private static async Task<IList<T>> ReadCheckedAsync<T>(string file, CancellationToken ct)
        where T : class, new()
    {
        string? damage;
        try
        {
            await using FileStream stream = File.OpenRead(file);
            damage = Tables.ParquetFooterCheck.FileProblem(stream);
            if (damage is null)
            {
                return (await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)).Data;
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw new InvalidDataException($"{file}: not a readable log file: damaged content ({e.GetType().Name}: {e.Message})", e);
        }

        throw new InvalidDataException($"{file}: not a readable log file: {damage}");
    }

    /// <summary>
    /// Moves the files of <c>date=YYYY-MM-DD</c> folders (the layout before the key was named <c>day</c>) into their
    /// <c>day=</c> folders, one rename each, and removes the emptied folders: DuckDB refuses a folder whose partitions
    /// have two different keys. Returns how many files moved.
    /// </summary>
    public static int MoveLegacyPartitions(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int moved = 0;
        foreach (string legacy in Directory.EnumerateDirectories(folder, LegacyPartitionPrefix + "*").ToList())
        {
            if (Day(legacy, LegacyPartitionPrefix) is not { } day)
            {
                continue;
            }

            string dir = Path.Combine(folder, PartitionPrefix + day.ToString(DayFormat, CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            foreach (string file in Directory.EnumerateFiles(legacy, FilePrefix + "*.parquet").ToList())
            {
                File.Move(file, Path.Combine(dir, Path.GetFileName(file)));
                moved++;
            }

            DurableDirectory.Flush(dir);
            if (!Directory.EnumerateFileSystemEntries(legacy).Any())
            {
                Directory.Delete(legacy);
            }
        }

        return moved;
    }

    private static DateOnly? Day(string dir, string prefix) =>
        DateOnly.TryParseExact(Path.GetFileName(dir)[prefix.Length..], DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly v) ? v : null;
}

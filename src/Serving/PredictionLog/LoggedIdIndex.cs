using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using MatchModels.Core.PersonalData;
using MatchModels.Core.PredictionLog;
using Microsoft.Extensions.Options;
using Parquet.Serialization;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// The request ids and pair ids of the prediction log's files, in memory, for refusing outcomes of predictions that
/// were never logged. Loaded at start from the Parquet files and every write-ahead segment (this process's and other
/// replicas'), updated as this process logs predictions, and, when an id is not found, brought up to date once more
/// (Parquet files not read yet, and the segments, where other replicas' newest rows are) before it is called unknown.
/// Ids are kept as 64-bit hashes (XxHash64) in one set per UTC day, so memory is about 2 × 24 bytes per logged row
/// whatever the ids' length, and days older than the log's retention period are dropped. A hash collision can only
/// make an unknown id look known: an outcome wrongly accepted, never a logged one refused.
/// </summary>
public sealed class LoggedIdIndex(IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<LoggedIdIndex> log) : ILoggedPredictionIds, IHostedService, IDisposable
{
    /// <summary>Days kept: the prediction log's default retention period, after which rows are removed and their outcomes have nothing to join.</summary>
    private static readonly int s_days = RetentionPeriods.Default.PredictionDays ?? 190;

    private readonly string _folder = Path.Combine(options.Value.Folder, PredictionLogReader.PredictionsFolder);
    private readonly Lock _lock = new();
    private readonly Dictionary<DateOnly, HashSet<ulong>> _requests = [];
    private readonly Dictionary<DateOnly, HashSet<ulong>> _pairs = [];
    private readonly HashSet<string> _readFiles = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private long _lastScanStartedAt = long.MinValue;

    /// <summary>Ids held now (requests plus pairs); for tests and a gauge.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _requests.Values.Sum(s => (long)s.Count) + _pairs.Values.Sum(s => (long)s.Count);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ScanAsync(cancellationToken);
        log.LogInformation("Indexed {Count} logged request and pair ids of {Folder} for outcome checks", Count, _folder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _scanning.Dispose();

    public void Logged(IReadOnlyList<PredictionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            foreach (PredictionRecord r in records)
            {
                AddLocked(r);
            }
        }
    }

    public async ValueTask<(IReadOnlySet<string> Pairs, IReadOnlySet<string> Requests)> UnknownAsync(IReadOnlyCollection<string> pairIds, IReadOnlyCollection<string> requestIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pairIds);
        ArgumentNullException.ThrowIfNull(requestIds);
        long asked = clock.GetTimestamp();
        (HashSet<string> pairs, HashSet<string> requests) = Missing(pairIds, requestIds);
        if (pairs.Count == 0 && requests.Count == 0)
        {
            return (pairs, requests);
        }

        // Another replica may have logged them since the last scan: look once more, in one scan that started after the
        // question was asked (concurrent askers share it), before calling them unknown.
        await _scanning.WaitAsync(ct);
        try
        {
            if (_lastScanStartedAt < asked)
            {
                await ScanLockedAsync(ct);
            }
        }
        finally
        {
            _scanning.Release();
        }

        return Missing(pairs, requests);
    }

    private (HashSet<string> Pairs, HashSet<string> Requests) Missing(IEnumerable<string> pairIds, IEnumerable<string> requestIds)
    {
        lock (_lock)
        {
            return ([.. pairIds.Where(id => !Holds(_pairs, id))], [.. requestIds.Where(id => !Holds(_requests, id))]);
        }
    }

    private static bool Holds(Dictionary<DateOnly, HashSet<ulong>> days, string id)
    {
        ulong hash = Hash(id);
        foreach (HashSet<ulong> day in days.Values)
        {
            if (day.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        await _scanning.WaitAsync(ct);
        try
        {
            await ScanLockedAsync(ct);
        }
        finally
        {
            _scanning.Release();
        }
    }

    /// <summary>Reads every write-ahead segment and the Parquet files not read yet (of days still kept), then drops expired days.</summary>
    private async Task ScanLockedAsync(CancellationToken ct)
    {
        _lastScanStartedAt = clock.GetTimestamp();
        DateOnly oldest = Oldest();
        if (!Directory.Exists(_folder))
        {
            return;
        }

        // Segments first: one compacted meanwhile is in a Parquet file by the time the files are listed (compaction
        // writes the file before it deletes the segment), so no row falls between the two.
        string wal = Path.Combine(_folder, WalSegments.FolderName);
        if (Directory.Exists(wal))
        {
            foreach (string segment in Directory.EnumerateFiles(wal, "*" + WalSegments.SegmentExtension))
            {
                try
                {
                    byte[] bytes = await File.ReadAllBytesAsync(segment, ct);
                    var records = new List<PredictionRecord>();
                    foreach (ReadOnlyMemory<byte> frame in WalFrames.Read(bytes).Frames)
                    {
                        if (JsonSerializer.Deserialize(frame.Span, WalRecordJson.Default.PredictionRecord) is { } r)
                        {
                            records.Add(r);
                        }
                    }

                    Logged(records);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
                {
                    // Compacted (deleted) while listed: its rows are in a Parquet file the next scan reads.
                    log.LogDebug(e, "Skipped {Segment} while indexing logged ids", segment);
                }
            }
        }

        foreach (string file in Directory.EnumerateFiles(_folder, "*.parquet", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            if (_readFiles.Contains(file) || DayOf(file) is { } day && day < oldest)
            {
                continue;
            }

            try
            {
                await using FileStream stream = File.OpenRead(file);
                Logged((await ParquetSerializer.DeserializeAsync<PredictionRecord>(stream, cancellationToken: ct)).Data.ToList());
                _readFiles.Add(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Compacted away or rewritten (erasure) under us: its rows are elsewhere now, or gone on purpose.
                log.LogDebug(e, "Skipped {File} while indexing logged ids", file);
            }
        }

        lock (_lock)
        {
            foreach (Dictionary<DateOnly, HashSet<ulong>> days in (Dictionary<DateOnly, HashSet<ulong>>[])[_requests, _pairs])
            {
                foreach (DateOnly expired in days.Keys.Where(d => d < oldest).ToList())
                {
                    days.Remove(expired);
                }
            }
        }

        _readFiles.RemoveWhere(f => !File.Exists(f));
    }

    private DateOnly Oldest() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-s_days);

    private void AddLocked(PredictionRecord r)
    {
        DateOnly day = DateOnly.FromDateTime(r.TimeUtc);
        if (day < Oldest())
        {
            return;
        }

        Day(_requests, day).Add(Hash(r.RequestId));
        if (r.PairId is { } pair)
        {
            Day(_pairs, day).Add(Hash(pair));
        }
    }

    private static HashSet<ulong> Day(Dictionary<DateOnly, HashSet<ulong>> days, DateOnly day)
    {
        if (!days.TryGetValue(day, out HashSet<ulong>? set))
        {
            days[day] = set = [];
        }

        return set;
    }

    private static ulong Hash(string id) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id));

    /// <summary>The day of a file's <c>day=YYYY-MM-DD</c> (or legacy <c>date=</c>) folder, or null when its folder is not one.</summary>
    private static DateOnly? DayOf(string file)
    {
        string folder = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
        int eq = folder.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && DateOnly.TryParseExact(folder[(eq + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateOnly d) ? d : null;
    }
}

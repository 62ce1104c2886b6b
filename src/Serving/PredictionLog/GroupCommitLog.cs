using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// An append-only log that acknowledges a record only once it is on disk. Request handlers encode their records into
/// write-ahead frames (<see cref="WalFrames"/>) and queue them; one writer thread takes everything queued, writes it to
/// this process's current segment under <c>&lt;folder&gt;/_wal/</c>, calls fsync once for all of it (group commit: the
/// requests that arrived during one fsync share the next), and only then lets those requests answer. A segment is
/// closed at <see cref="PredictionLogOptions.SegmentBytes"/> or after <see cref="PredictionLogOptions.SegmentSeconds"/>
/// and compacted in the background into the day-partitioned Parquet files readers use (<see cref="CompactWalSegment"/>).
/// At start, and every <see cref="PredictionLogOptions.SegmentSeconds"/> after, segments of processes that are gone
/// are replayed into Parquet (<see cref="ReplayOrphanedSegments"/>). The queue is bounded by
/// <see cref="PredictionLogOptions.Capacity"/> records; past it an append waits, then fails with
/// <see cref="PredictionLogUnavailableException"/> (503), as does one whose write or fsync fails.
/// </summary>
public abstract class GroupCommitLog<T> : IDurableLog<T>, IHostedService, IDisposable
    where T : class, new()
{
    /// <summary>A group is written in one go up to this size, so one huge burst does not hold every waiter behind one long write.</summary>
    private const int MaxGroupBytes = 8 << 20;

    /// <summary>Attempts at compacting a segment during shutdown before it is left to the next start's replay (nothing is lost either way).</summary>
    private const int StopAttempts = 3;

    private readonly string _folder;
    private readonly string _walFolder;
    private readonly Func<T, DateTime> _timeUtc;
    private readonly JsonTypeInfo<T> _json;
    private readonly PredictionLogOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _closed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopScanning = new();
    private readonly string _owner;
    private readonly AppendAdmission _admission;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _compaction = Task.CompletedTask;
    private bool _started;
    private WalOwnerLock? _lock;
    private FileStream? _segment;
    private int _sequence;
    private long _segmentOpenedAt;
    private long _segmentLength;
    private long _written;
    private long _compacted;
    private volatile bool _disposed;
    private volatile bool _locksHold;

    protected GroupCommitLog(string folder, Func<T, DateTime> timeUtc, JsonTypeInfo<T> json, PredictionLogOptions options, TimeProvider clock, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _folder = folder;
        _walFolder = Path.Combine(folder, WalSegments.FolderName);
        _timeUtc = timeUtc;
        _json = json;
        _options = options;
        _clock = clock;
        _log = log;
        _owner = WalSegments.NewOwner(clock.GetUtcNow().UtcDateTime);
        _admission = new AppendAdmission(options, clock);
    }

    /// <summary>The folder the day partitions are written under.</summary>
    public string Folder => _folder;

    /// <summary>Records accepted and not yet fsynced; for a gauge in /metrics.</summary>
    public int QueueDepth => _admission.QueueDepth;

    /// <summary>Records the queue holds before <see cref="AppendAsync(T, CancellationToken)"/> waits.</summary>
    public int Capacity => _options.Capacity;

    /// <summary>Records fsynced to the write-ahead log since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records compacted into Parquet since start (this process's own and replayed ones).</summary>
    public long Compacted => Interlocked.Read(ref _compacted);

    /// <summary>Appends refused because the queue stayed full, the write failed or the log was stopping; each failed its request.</summary>
    public long Refused => _admission.Refused;

    /// <summary>Appends one record and returns once it is on disk; see <see cref="AppendAsync(IEnumerable{T}, CancellationToken)"/>.</summary>
    public ValueTask AppendAsync(T record, CancellationToken ct = default) => AppendAsync([record], ct);

    /// <summary>
    /// Why the log cannot take a prediction now (shutting down, its queue full, its folder not writable), or null. The
    /// folder is probed with a small write and fsync, so readiness recovers by itself once the disk does, without
    /// waiting for traffic a load balancer would not send to a host that says it is not ready.
    /// </summary>
    public string? NotReadyReason()
    {
        if (_admission.Stopping)
        {
            return "the log is shutting down";
        }

        if (QueueDepth >= _options.Capacity)
        {
            return $"the log queue is full ({_options.Capacity} records waiting for the disk)";
        }

        string probe = Path.Combine(_walFolder, $".ready-{_owner}.probe");
        try
        {
            Directory.CreateDirectory(_walFolder);
            using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.WriteByte(1);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Readiness probe of {Folder} failed", _walFolder);
            return "the log folder is not writable";
        }
    }

    /// <summary>
    /// Appends <paramref name="records"/> (e.g. one per pair of a request) and returns once they are fsynced. When the
    /// queue has no room it waits up to <see cref="PredictionLogOptions.EnqueueTimeoutSeconds"/>; then, or when the
    /// write fails, it throws <see cref="PredictionLogUnavailableException"/>: the request must fail rather than be
    /// answered unlogged. A caller that gives up (<paramref name="ct"/>) stops waiting; its records may still be kept.
    /// </summary>
    public async ValueTask AppendAsync(IEnumerable<T> records, CancellationToken ct = default)
    {
        (byte[] frames, int count) = Encode(records);
        if (count == 0)
        {
            return;
        }

        await _admission.AdmitAsync(count, ct);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(frames, count, done)))
        {
            _admission.Release(count);
            _admission.CountRefused();
            throw new PredictionLogUnavailableException("the log is shutting down");
        }

        try
        {
            await done.Task.WaitAsync(ct);
        }
        catch (PredictionLogUnavailableException)
        {
            _admission.CountRefused();
            throw;
        }
    }

    /// <summary>
    /// Queues <paramref name="records"/> only if they fit under <paramref name="maxQueued"/> records not yet on disk
    /// (<see cref="QueueDepth"/>), and never waits, not even for the fsync: for rows that may be lost rather than delay
    /// or fail a request (shadow scoring), kept out of the room the rows of answered requests need. Returns how many were
    /// queued, all or none. Refusals here are not counted in <see cref="Refused"/>.
    /// </summary>
    public int TryAppend(IReadOnlyList<T> records, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0 || !_admission.TryAdmit(records.Count, maxQueued))
        {
            return 0;
        }

        (byte[] frames, int count) = Encode(records);
        if (!_queue.Writer.TryWrite(new Pending(frames, count, null)))
        {
            _admission.Release(count);
            return 0;
        }

        return count;
    }

    public ValueTask<string?> NotReadyReasonAsync(CancellationToken ct) => ValueTask.FromResult(NotReadyReason());

    /// <summary>Replays what dead processes left, then starts the writer thread and the background compaction.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            TakeOwnLock();
            int moved = DayPartitionedParquet.MoveLegacyPartitions(_folder);
            if (moved > 0)
            {
                _log.LogInformation("Moved {Count} Parquet files of {Folder} from date= to day= partitions", moved, _folder);
            }

            if (_locksHold)
            {
                await ReplayOrphanedSegments.RunAsync(_walFolder, _owner, CompactAsync, _log, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the first append tries again and answers 503 while the folder stays unwritable.
            _log.LogError(e, "The log folder {Folder} is not writable at start", _folder);
        }

        _started = true;
        new Thread(WriteLoop) { IsBackground = true, Name = $"log writer {Path.GetFileName(_folder)}" }.Start();
        _compaction = Task.Run(CompactLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Refuses new appends, fsyncs everything queued (its requests answer), then compacts the last segments into
    /// Parquet. A segment that cannot be compacted now stays in the write-ahead folder and the next start replays it.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host that failed to start may dispose its services before it stops them; there is nothing left to stop then.
        if (_disposed)
        {
            return;
        }

        _admission.Stop();
        _queue.Writer.TryComplete();
        if (!_started)
        {
            return;
        }

        await _writerDone.Task;
        _closed.Writer.TryComplete();
        await _stopScanning.CancelAsync();
        await _compaction;
        if (_lock is not null && WalSegments.Of(_walFolder, _owner).Count == 0)
        {
            _lock.Retire();
        }

        _lock?.Dispose();
        _log.LogInformation("Log {Folder} closed: {Written} records written, {Compacted} compacted into Parquet, {Refused} refused", _folder, Written, Compacted, Refused);
    }

    public void Dispose()
    {
        _disposed = true;
        _segment?.Dispose();
        _lock?.Dispose();

        // Cancelled, not disposed: WebApplicationFactory can dispose the services while StopAsync and the compaction
        // loop still use the token, and a source without timers holds nothing that needs releasing.
        _stopScanning.Cancel();
        GC.SuppressFinalize(this);
    }

    private (byte[] Frames, int Count) Encode(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new ArrayBufferWriter<byte>(1024);
        int count = 0;
        foreach (T record in records)
        {
            WalFrames.Write(buffer, JsonSerializer.SerializeToUtf8Bytes(record, _json));
            count++;
        }

        return (buffer.WrittenSpan.ToArray(), count);
    }

    /// <summary>The writer thread: a dedicated thread, because it spends its life in write and fsync calls that would otherwise each hold a thread-pool thread.</summary>
    private void WriteLoop()
    {
        ChannelReader<Pending> reader = _queue.Reader;
        var group = new List<Pending>();
        try
        {
            while (WaitForWork(reader))
            {
                int bytes = 0;
                while (bytes < MaxGroupBytes && reader.TryRead(out Pending? next))
                {
                    group.Add(next);
                    bytes += next.Frames.Length;
                }

                if (group.Count > 0)
                {
                    Commit(group);
                    group.Clear();
                }

                if (_segment is not null && (_segmentLength >= _options.SegmentBytes || SegmentAge() >= TimeSpan.FromSeconds(_options.SegmentSeconds)))
                {
                    CloseSegment();
                }
            }

            CloseSegment();
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    /// <summary>True when work is queued; false once the queue is closed and empty. Wakes up by itself when the open segment is due to close.</summary>
    private bool WaitForWork(ChannelReader<Pending> reader)
    {
        if (reader.TryPeek(out _))
        {
            return true;
        }

        if (_segment is null)
        {
            return reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
        }

        TimeSpan left = TimeSpan.FromSeconds(_options.SegmentSeconds) - SegmentAge();
        if (left <= TimeSpan.Zero)
        {
            return true;
        }

        using var due = new CancellationTokenSource(left, _clock);
        try
        {
            return reader.WaitToReadAsync(due.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The segment is due: the caller closes it and waits again.
            return true;
        }
    }

    private TimeSpan SegmentAge() => _clock.GetElapsedTime(_segmentOpenedAt);

    /// <summary>Writes one group, fsyncs it and answers its requests; on failure, fails them and abandons the segment.</summary>
    private void Commit(List<Pending> group)
    {
        int records = 0;
        foreach (Pending p in group)
        {
            records += p.Count;
        }

        try
        {
            FileStream segment = _segment ?? OpenSegment();
            long before = _segmentLength;
            try
            {
                foreach (Pending p in group)
                {
                    segment.Write(p.Frames);
                    _segmentLength += p.Frames.Length;
                }

                segment.Flush(flushToDisk: true);
            }
            catch
            {
                // Cut the refused frames off if the disk lets us, so that they are not compacted into the log later.
                TryTruncate(segment, before);
                throw;
            }

            Interlocked.Add(ref _written, records);
            _admission.Release(records);
            foreach (Pending p in group)
            {
                p.Done?.TrySetResult();
            }
        }
        catch (Exception e)
        {
            // Any failure, not only I/O: the writer thread must survive it, and the requests must learn their rows are not kept.
            _log.LogError(e, "Could not write {Count} records to the write-ahead log of {Folder}; their requests are refused (503)", records, _folder);
            CloseSegment();
            _admission.Release(records);
            var refused = new PredictionLogUnavailableException($"the log could not be written: {e.Message}");
            foreach (Pending p in group)
            {
                p.Done?.TrySetException(refused);
            }
        }
    }

    private static void TryTruncate(FileStream segment, long length)
    {
        try
        {
            segment.SetLength(length);
            segment.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The frames stay; they were refused, so at worst a refused prediction is kept, never an acknowledged one lost.
        }
    }

    private void TakeOwnLock()
    {
        if (_lock is not null)
        {
            return;
        }

        Directory.CreateDirectory(_walFolder);
        _lock = WalOwnerLock.TryAcquire(_walFolder, _owner) ?? throw new IOException($"could not lock {WalSegments.LockPath(_walFolder, _owner)}");

        // Where the file system ignores locks (some network file systems, or DOTNET_SYSTEM_IO_DISABLEFILELOCKING), a
        // second handle gets the lock too, and a live replica could not be told from a dead one: replay nothing then.
        using WalOwnerLock? second = WalOwnerLock.TryAcquire(_walFolder, _owner);
        _locksHold = second is null;
        if (!_locksHold)
        {
            _log.LogError("File locks do not hold in {Folder}: write-ahead segments of dead processes are not replayed, and stay there for a person to look at", _walFolder);
        }
    }

    /// <summary>A new segment, its header and its name on disk before any record in it is acknowledged.</summary>
    private FileStream OpenSegment()
    {
        TakeOwnLock();
        string path = WalSegments.SegmentPath(_walFolder, _owner, ++_sequence);
        var segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            segment.Write(WalFrames.Header);
            segment.Flush(flushToDisk: true);
            DurableDirectory.Flush(_walFolder);
        }
        catch
        {
            segment.Dispose();
            File.Delete(path);
            throw;
        }

        _segment = segment;
        _segmentLength = WalFrames.Header.Length;
        _segmentOpenedAt = _clock.GetTimestamp();
        return segment;
    }

    private void CloseSegment()
    {
        if (_segment is null)
        {
            return;
        }

        string path = _segment.Name;
        try
        {
            _segment.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its committed frames were fsynced already; closing changes nothing on disk.
            _log.LogWarning(e, "Could not close {Segment}", path);
        }

        _segment = null;
        _closed.Writer.TryWrite(path);
    }

    private async Task<CompactWalSegment.Outcome> CompactAsync(string segment)
    {
        CompactWalSegment.Outcome done = await CompactWalSegment.RunAsync(segment, _folder, _timeUtc, _json, _log);
        Interlocked.Add(ref _compacted, done.Records);
        return done;
    }

    /// <summary>Compacts closed segments as they come, retries failed ones, and looks for dead processes' segments every SegmentSeconds.</summary>
    private async Task CompactLoopAsync()
    {
        var failed = new Dictionary<string, int>(StringComparer.Ordinal);
        ChannelReader<string> closed = _closed.Reader;
        TimeSpan scanEvery = TimeSpan.FromSeconds(_options.SegmentSeconds);
        long lastScan = _clock.GetTimestamp();
        while (true)
        {
            while (closed.TryRead(out string? segment))
            {
                failed.TryAdd(segment, 0);
            }

            foreach (string segment in failed.Keys.Order(StringComparer.Ordinal).ToList())
            {
                try
                {
                    await CompactAsync(segment);
                    failed.Remove(segment);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
                {
                    failed[segment]++;
                    _log.LogError(e, "Could not compact {Segment} into Parquet (attempt {Attempt}); it stays in the write-ahead log and is tried again", segment, failed[segment]);
                }
            }

            bool draining = closed.Completion.IsCompleted;
            if (draining && (failed.Count == 0 || failed.Values.All(a => a >= StopAttempts)))
            {
                foreach (string left in failed.Keys)
                {
                    _log.LogWarning("Left {Segment} in the write-ahead log: the next start replays it into Parquet", left);
                }

                return;
            }

            if (!draining && _locksHold && _clock.GetElapsedTime(lastScan) >= scanEvery)
            {
                lastScan = _clock.GetTimestamp();
                try
                {
                    await ReplayOrphanedSegments.RunAsync(_walFolder, _owner, CompactAsync, _log);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _log.LogError(e, "Could not look for write-ahead segments of dead processes in {Folder}", _walFolder);
                }
            }

            // A disk that stays full is retried less and less often, up to every 30 s, rather than logging an error a second.
            TimeSpan wait = failed.Count > 0 ? TimeSpan.FromSeconds(Math.Min(30, failed.Values.Min())) : scanEvery;
            try
            {
                if (!draining)
                {
                    await closed.WaitToReadAsync(_stopScanning.Token).AsTask().WaitAsync(wait, _clock);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _clock);
                }
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Time for a retry or a scan, or the log is stopping: go round once more.
            }
        }
    }

    /// <summary>One append's frames, its record count, and the request waiting for them to be on disk (none for shadow rows).</summary>
    private sealed record Pending(byte[] Frames, int Count, TaskCompletionSource? Done);
}

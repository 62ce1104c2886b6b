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
/// this process's current segment under <c>&lt;folder&gt;/_wal/</c>, syncs it to disk once for all of it (group commit: the
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
    /// <summary>Attempts at compacting a segment during shutdown before it is left to the next start's replay (nothing is lost either way).</summary>
    private const int StopAttempts = 3;

    private readonly string _folder;
    private readonly string _walFolder;
    private readonly Func<T, DateTime> _timeUtc;
    private readonly JsonTypeInfo<T> _json;
    private readonly PredictionLogOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _work = new(0);
    private Group _open = new();
    private Group _spare = new();
    private bool _appendsClosed;
    private readonly Channel<string> _closed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopScanning = new();
    private readonly string _owner;
    private readonly AppendAdmission _admission;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _compaction = Task.CompletedTask;
    private bool _started;
    private WalOwnerLock? _lock;
    private WalSegmentFile? _segment;
    private int _sequence;
    private long _segmentOpenedAt;
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
        ArgumentNullException.ThrowIfNull(records);
        IReadOnlyList<T> list = records as IReadOnlyList<T> ?? [.. records];
        if (list.Count == 0)
        {
            return;
        }

        await _admission.AdmitAsync(list.Count, ct);
        Task? committed = Enqueue(list);
        if (committed is null)
        {
            _admission.Release(list.Count);
            _admission.CountRefused();
            throw new PredictionLogUnavailableException("the log is shutting down");
        }

        // Not cancelled with ct: the wait is one fsync, and a caller that hung up may not unqueue rows others share a write with.
        try
        {
            await committed;
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

        if (Enqueue(records) is null)
        {
            _admission.Release(records.Count);
            return 0;
        }

        return records.Count;
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
        lock (_gate)
        {
            _appendsClosed = true;
        }

        _work.Release();
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

    /// <summary>
    /// Encodes <paramref name="records"/> into frames and adds them to the group the writer takes next; returns the task
    /// that completes once that group is fsynced, or null once appends are closed. Encoding happens outside the lock, into
    /// this thread's buffers; inside it, only a copy of the frames. The writer is woken when a group stops being empty.
    /// </summary>
    private Task? Enqueue(IReadOnlyList<T> records)
    {
        ReadOnlySpan<byte> frames = EncodeOnThisThread(records);
        bool wake;
        Task committed;
        lock (_gate)
        {
            if (_appendsClosed)
            {
                return null;
            }

            wake = _open.Records == 0;
            frames.CopyTo(_open.Bytes.GetSpan(frames.Length));
            _open.Bytes.Advance(frames.Length);
            _open.Records += records.Count;
            committed = _open.Committed.Task;
        }

        if (wake)
        {
            _work.Release();
        }

        return committed;
    }

    [ThreadStatic]
    private static EncodeBuffers? s_encode;

    private ReadOnlySpan<byte> EncodeOnThisThread(IReadOnlyList<T> records)
    {
        EncodeBuffers b = s_encode ??= new EncodeBuffers();
        b.Frames.ResetWrittenCount();
        foreach (T record in records)
        {
            b.Payload.ResetWrittenCount();
            b.Json.Reset(b.Payload);
            JsonSerializer.Serialize(b.Json, record, _json);
            b.Json.Flush();
            WalFrames.Write(b.Frames, b.Payload.WrittenSpan);
        }

        ReadOnlySpan<byte> frames = b.Frames.WrittenSpan;

        // A rank request's thousands of rows leave a large buffer behind: let it go rather than hold it per thread.
        if (b.Frames.Capacity > EncodeBuffers.KeptBytes)
        {
            s_encode = null;
        }

        return frames;
    }

    /// <summary>The writer thread: a dedicated thread, because it spends its life in write and fsync calls that would otherwise each hold a thread-pool thread.</summary>
    private void WriteLoop()
    {
        try
        {
            while (true)
            {
                WaitForWork();
                Group group;
                bool closed;
                lock (_gate)
                {
                    group = _open;
                    _open = _spare;
                    closed = _appendsClosed;
                }

                if (group.Records > 0)
                {
                    Commit(group);
                }

                group.Reset();
                _spare = group;
                if (_segment is not null && (_segment.Length >= _options.SegmentBytes || SegmentAge() >= TimeSpan.FromSeconds(_options.SegmentSeconds)))
                {
                    CloseSegment();
                }

                // Appends closed before the swap above: that group was the last one.
                if (closed)
                {
                    break;
                }
            }

            CloseSegment();
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until a group has records or appends are closed, or until the open segment is due to close. Its clock is
    /// the system's, not <see cref="TimeProvider"/>: <see cref="SegmentAge"/> decides whether a segment is due.
    /// </summary>
    private void WaitForWork()
    {
        if (_segment is null)
        {
            _work.Wait();
            return;
        }

        TimeSpan left = TimeSpan.FromSeconds(_options.SegmentSeconds) - SegmentAge();
        if (left > TimeSpan.Zero)
        {
            _work.Wait(left < s_longestWait ? left : s_longestWait);
        }
    }

    /// <summary>A test's fake clock may never reach a segment's age on the system clock: look again at least this often.</summary>
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(1);

    private TimeSpan SegmentAge() => _clock.GetElapsedTime(_segmentOpenedAt);

    /// <summary>Writes one group, fsyncs it and answers its requests; on failure, fails them and abandons the segment.</summary>
    private void Commit(Group group)
    {
        int records = group.Records;
        try
        {
            WalSegmentFile segment = _segment ?? OpenSegment();
            long before = segment.Length;
            try
            {
                segment.Append(group.Bytes.WrittenSpan);
            }
            catch
            {
                // Cut the refused frames off if the disk lets us, so that they are not compacted into the log later.
                TryTruncate(segment, before);
                throw;
            }

            Interlocked.Add(ref _written, records);
            _admission.Release(records);
            group.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            // Any failure, not only I/O: the writer thread must survive it, and the requests must learn their rows are not kept.
            _log.LogError(e, "Could not write {Count} records to the write-ahead log of {Folder}; their requests are refused (503)", records, _folder);
            CloseSegment();
            _admission.Release(records);
            group.Committed.TrySetException(new PredictionLogUnavailableException($"the log could not be written: {e.Message}"));
        }
    }

    private static void TryTruncate(WalSegmentFile segment, long length)
    {
        try
        {
            segment.TruncateTo(length);
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
    private WalSegmentFile OpenSegment()
    {
        TakeOwnLock();
        _segment = WalSegmentFile.Create(WalSegments.SegmentPath(_walFolder, _owner, ++_sequence));
        _segmentOpenedAt = _clock.GetTimestamp();
        return _segment;
    }

    private void CloseSegment()
    {
        if (_segment is null)
        {
            return;
        }

        string path = _segment.Path;
        try
        {
            _segment.Close();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its committed frames were synced already; the zeros after them, if they stay, read as unwritten.
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

    /// <summary>
    /// The frames appended since the writer last took a group, their record count, and the task every request among them
    /// awaits. Two of them alternate: appends fill one while the writer writes and fsyncs the other.
    /// </summary>
    private sealed class Group
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new(64 << 10);

        public int Records { get; set; }

        public TaskCompletionSource Committed { get; private set; } = NewCommitted();

        public void Reset()
        {
            Bytes.ResetWrittenCount();
            Records = 0;
            Committed = NewCommitted();
        }

        // Asynchronous continuations: the writer thread must not run the answering of the requests it just committed.
        private static TaskCompletionSource NewCommitted() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One thread's encoding buffers, reused across its appends.</summary>
    private sealed class EncodeBuffers
    {
        /// <summary>Kept between appends up to this size: a few hundred single-pair records.</summary>
        public const int KeptBytes = 256 << 10;

        public ArrayBufferWriter<byte> Payload { get; } = new(2048);

        public ArrayBufferWriter<byte> Frames { get; } = new(4096);

        public Utf8JsonWriter Json { get; } = new(new ArrayBufferWriter<byte>(1));
    }
}

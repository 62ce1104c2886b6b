using System.Threading.Channels;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Takes records from request handlers on a bounded channel and writes them in batches, off the request path, as
/// day-partitioned Parquet files (<see cref="DayPartitionedParquet"/>). A batch is written when it reaches
/// <see cref="PredictionLogOptions.BatchSize"/> records or its oldest record is <see cref="PredictionLogOptions.FlushSeconds"/>
/// old. <see cref="StopAsync"/> (graceful shutdown, after the server has finished its requests) closes the channel
/// and writes everything still queued before returning, so nothing acknowledged is lost.
/// </summary>
public abstract class BatchingLogWriter<T> : IHostedService
    where T : class, new()
{
    private readonly Channel<T> _channel;
    private readonly string _folder;
    private readonly Func<T, DateTime> _timeUtc;
    private readonly PredictionLogOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private Task _loop = Task.CompletedTask;
    private int _inFlight;
    private long _written;
    private long _refused;
    private volatile bool _stopping;

    protected BatchingLogWriter(string folder, Func<T, DateTime> timeUtc, PredictionLogOptions options, TimeProvider clock, ILogger log)
    {
        _folder = folder;
        _timeUtc = timeUtc;
        _options = options;
        _clock = clock;
        _log = log;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(options.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The folder the day partitions are written under.</summary>
    public string Folder => _folder;

    /// <summary>Records accepted but not yet on disk (queued or in the batch being written); for a gauge in /metrics.</summary>
    public int QueueDepth => _channel.Reader.Count + Volatile.Read(ref _inFlight);

    /// <summary>Records the queue holds before <see cref="AppendAsync(T, CancellationToken)"/> waits.</summary>
    public int Capacity => _options.Capacity;

    /// <summary>Records written to disk since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Appends refused because the queue stayed full or the writer was stopping; each failed its request.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// Queues one record. Returns at once while there is room; when the queue is full it waits up to
    /// <see cref="PredictionLogOptions.EnqueueTimeoutSeconds"/>, then throws <see cref="PredictionLogUnavailableException"/>
    /// (the request must fail rather than be answered unlogged).
    /// </summary>
    public async ValueTask AppendAsync(T record, CancellationToken ct = default)
    {
        if (_channel.Writer.TryWrite(record))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.EnqueueTimeoutSeconds));
        try
        {
            await _channel.Writer.WriteAsync(record, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _refused);
            throw new PredictionLogUnavailableException($"the log queue stayed full ({_options.Capacity} records) for {_options.EnqueueTimeoutSeconds} s");
        }
        catch (ChannelClosedException)
        {
            Interlocked.Increment(ref _refused);
            throw new PredictionLogUnavailableException("the log is shutting down");
        }
    }

    /// <summary>
    /// Queues <paramref name="records"/> only if they fit under <paramref name="maxQueued"/> records not yet written
    /// (<see cref="QueueDepth"/>), and never waits: for rows that may be lost rather than delay or fail a request (shadow
    /// scoring), kept out of the room the rows of answered requests need. Returns how many were queued: all, none, or,
    /// when other writers filled the queue meanwhile, the first few. Refusals here are not counted in <see cref="Refused"/>.
    /// </summary>
    public int TryAppend(IReadOnlyList<T> records, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (QueueDepth + records.Count > maxQueued)
        {
            return 0;
        }

        int queued = 0;
        while (queued < records.Count && _channel.Writer.TryWrite(records[queued]))
        {
            queued++;
        }

        return queued;
    }

    /// <summary>Queues several records (e.g. one per pair of a batch request), in order.</summary>
    public async ValueTask AppendAsync(IEnumerable<T> records, CancellationToken ct = default)
    {
        foreach (T r in records)
        {
            await AppendAsync(r, ct);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes everything queued, ignoring the host's shutdown timeout: losing acknowledged records is worse than a slow stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _channel.Writer.TryComplete();
        await _loop;
        _log.LogInformation("Log {Folder} closed: {Written} records written, {Refused} refused", _folder, Written, Refused);
    }

    private async Task RunAsync()
    {
        ChannelReader<T> reader = _channel.Reader;
        var batch = new List<T>(Math.Min(_options.BatchSize, 65_536));
        TimeSpan flushAfter = TimeSpan.FromSeconds(_options.FlushSeconds);
        while (await reader.WaitToReadAsync())
        {
            long started = _clock.GetTimestamp();
            while (batch.Count < _options.BatchSize)
            {
                // Counted before the read, so QueueDepth never misses a record on its way from the queue to the batch;
                // for an instant it may count one too many, which errs on the full side (shadow rows rely on that).
                Interlocked.Increment(ref _inFlight);
                if (reader.TryRead(out T? record))
                {
                    batch.Add(record);
                    continue;
                }

                Interlocked.Decrement(ref _inFlight);

                TimeSpan left = flushAfter - _clock.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(left, _clock);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await FlushAsync(batch);
            Interlocked.Add(ref _inFlight, -batch.Count);
            batch.Clear();
        }
    }

    /// <summary>One file per day; a failed write is retried (only the days not yet written), so a full disk delays the log instead of losing it.</summary>
    private async Task FlushAsync(List<T> batch)
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        foreach (IGrouping<DateOnly, T> day in batch.GroupBy(r => DateOnly.FromDateTime(_timeUtc(r))))
        {
            List<T> rows = day.ToList();
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await DayPartitionedParquet.WriteAsync(_folder, rows, _timeUtc, now);
                    Interlocked.Add(ref _written, rows.Count);
                    break;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (_stopping && attempt >= 5)
                    {
                        _log.LogCritical(e, "Lost {Count} records of {Day} in {Folder}: the log could not be written during shutdown", rows.Count, day.Key, _folder);
                        break;
                    }

                    _log.LogError(e, "Could not write {Count} records to {Folder} (attempt {Attempt}); retrying", rows.Count, _folder, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 30)), _clock);
                }
            }
        }
    }
}

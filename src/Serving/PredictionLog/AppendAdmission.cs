namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// The bounded queue in front of a log's writer, shared by both backends (files and PostgreSQL): how many records are
/// accepted and not yet durable, admission that waits for room up to <see cref="PredictionLogOptions.EnqueueTimeoutSeconds"/>
/// and then refuses (503), a never-waiting admission for shadow rows, and the count of refused appends.
/// </summary>
internal sealed class AppendAdmission(PredictionLogOptions options, TimeProvider clock)
{
    private TaskCompletionSource _roomFreed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queued;
    private long _refused;
    private volatile bool _stopping;

    /// <summary>Records accepted and not yet durable.</summary>
    public int QueueDepth => (int)Math.Min(int.MaxValue, Interlocked.Read(ref _queued));

    public int Capacity => options.Capacity;

    public long Refused => Interlocked.Read(ref _refused);

    public bool Stopping => _stopping;

    public void CountRefused() => Interlocked.Increment(ref _refused);

    /// <summary>Refuses every later admission and wakes the appends waiting for room, which are refused too.</summary>
    public void Stop()
    {
        _stopping = true;
        Interlocked.Exchange(ref _roomFreed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Takes room for <paramref name="count"/> records, waiting while the queue is full; throws <see cref="PredictionLogUnavailableException"/> past the timeout or once stopping.</summary>
    public async ValueTask AdmitAsync(int count, CancellationToken ct)
    {
        long deadline = clock.GetTimestamp();
        TimeSpan patience = TimeSpan.FromSeconds(options.EnqueueTimeoutSeconds);
        while (true)
        {
            // Read the signal before the count: room freed after this read completes this very signal.
            Task roomFreed = Volatile.Read(ref _roomFreed).Task;
            if (_stopping)
            {
                CountRefused();
                throw new PredictionLogUnavailableException("the log is shutting down");
            }

            long queued = Interlocked.Read(ref _queued);
            // An empty queue takes any batch, even one larger than the capacity, which would otherwise never fit.
            if (queued == 0 || queued + count <= options.Capacity)
            {
                if (Interlocked.CompareExchange(ref _queued, queued + count, queued) == queued)
                {
                    return;
                }

                continue;
            }

            TimeSpan left = patience - clock.GetElapsedTime(deadline);
            try
            {
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                await roomFreed.WaitAsync(left, clock, ct);
            }
            catch (TimeoutException)
            {
                CountRefused();
                throw new PredictionLogUnavailableException($"the log queue stayed full ({options.Capacity} records) for {options.EnqueueTimeoutSeconds} s");
            }
        }
    }

    /// <summary>Takes room for <paramref name="count"/> records only if no more than <paramref name="maxQueued"/> would then wait; never waits.</summary>
    public bool TryAdmit(int count, int maxQueued)
    {
        if (_stopping)
        {
            return false;
        }

        while (true)
        {
            long queued = Interlocked.Read(ref _queued);
            if (queued + count > maxQueued)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _queued, queued + count, queued) == queued)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back the room of <paramref name="count"/> records that are durable now, or were refused.</summary>
    public void Release(int count)
    {
        Interlocked.Add(ref _queued, -count);
        Interlocked.Exchange(ref _roomFreed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

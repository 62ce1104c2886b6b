using System.Threading.Channels;
using Npgsql;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// A log kept in PostgreSQL with the files' durability rule: a record is acknowledged only once a transaction holding
/// it has committed. Request handlers queue their records; one writer takes everything queued, writes it with one
/// binary COPY in one transaction, commits, and only then lets those requests answer (group commit, as the files do
/// with one fsync). A failed write or commit fails every request of its group with
/// <see cref="PredictionLogUnavailableException"/> (503), never acknowledges them. The queue is bounded as the files'
/// is (<see cref="AppendAdmission"/>).
/// </summary>
public abstract class PostgresGroupCommitLog<T> : IDurableLog<T>, IHostedService, IAsyncDisposable
    where T : class
{
    /// <summary>A readiness probe that has not answered in this time counts as a database that cannot be reached.</summary>
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(3);

    private readonly PostgresLogDatabase _database;
    private readonly AppendAdmission _admission;
    private readonly ILogger _log;
    private readonly string _name;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task _writer = Task.CompletedTask;
    private NpgsqlConnection? _connection;
    private long _written;

    protected PostgresGroupCommitLog(string name, PostgresLogDatabase database, PredictionLogOptions options, TimeProvider clock, ILogger log)
    {
        _name = name;
        _database = database;
        _admission = new AppendAdmission(options, clock);
        _log = log;
    }

    public int QueueDepth => _admission.QueueDepth;

    public int Capacity => _admission.Capacity;

    /// <summary>Records committed since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Appends refused because the queue stayed full, the commit failed or the log was stopping.</summary>
    public long Refused => _admission.Refused;

    public async ValueTask AppendAsync(IEnumerable<T> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        T[] rows = [.. records];
        if (rows.Length == 0)
        {
            return;
        }

        await _admission.AdmitAsync(rows.Length, ct);
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            _admission.Release(rows.Length);
            _admission.CountRefused();
            throw new PredictionLogUnavailableException("the log is shutting down");
        }

        try
        {
            await pending.Done!.Task.WaitAsync(ct);
        }
        catch (PredictionLogUnavailableException)
        {
            _admission.CountRefused();
            throw;
        }
    }

    public int TryAppend(IReadOnlyList<T> records, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0 || !_admission.TryAdmit(records.Count, maxQueued))
        {
            return 0;
        }

        if (!_queue.Writer.TryWrite(new Pending([.. records], null)))
        {
            _admission.Release(records.Count);
            return 0;
        }

        return records.Count;
    }

    /// <summary>Shutting down, a full queue, or a database that does not answer a query within a few seconds; the reason names no server or secret.</summary>
    public async ValueTask<string?> NotReadyReasonAsync(CancellationToken ct)
    {
        if (_admission.Stopping)
        {
            return "the log is shutting down";
        }

        if (QueueDepth >= Capacity)
        {
            return $"the log queue is full ({Capacity} records waiting for the database)";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_probeTimeout);
        try
        {
            await using NpgsqlConnection connection = await _database.Source.OpenConnectionAsync(timeout.Token);
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            _log.LogWarning(e, "Readiness probe of the {Name} log in {Where} failed", _name, _database.Where);
            return "the log database cannot be reached";
        }
    }

    /// <summary>Opens and migrates the database (a failure stops the host from starting), then starts the writer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _database.OpenAsync(cancellationToken);
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    /// <summary>Refuses new appends and commits everything queued; the requests waiting for it answer.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _admission.Stop();
        _queue.Writer.TryComplete();
        await _writer;
        _log.LogInformation("Log {Name} in {Where} closed: {Written} records committed, {Refused} refused", _name, _database.Where, Written, Refused);
    }

    public async ValueTask DisposeAsync()
    {
        _admission.Stop();
        _queue.Writer.TryComplete();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares a new writer connection (e.g. a staging table), once per connection.</summary>
    protected virtual Task PrepareAsync(NpgsqlConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Writes <paramref name="group"/> inside <paramref name="tx"/>, and returns the appends refused because their request
    /// id is logged already (none of their rows written). Throwing fails the whole group.
    /// </summary>
    protected abstract Task<IReadOnlySet<Pending>> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Pending> group, CancellationToken ct);

    /// <summary>A time for a timestamptz column: Npgsql writes only UTC, and a record's time is UTC by contract.</summary>
    protected static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private async Task WriteLoopAsync()
    {
        ChannelReader<Pending> reader = _queue.Reader;
        var group = new List<Pending>();
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out Pending? p))
            {
                group.Add(p);
            }

            await CommitAsync(group);
            group.Clear();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>Writes one group in one transaction and answers its requests after the commit; on failure, fails them all and drops the connection.</summary>
    private async Task CommitAsync(List<Pending> group)
    {
        int records = group.Sum(p => p.Records.Length);
        try
        {
            if (_connection is null)
            {
                NpgsqlConnection opened = await _database.Source.OpenConnectionAsync();
                try
                {
                    await PrepareAsync(opened, CancellationToken.None);
                }
                catch
                {
                    await opened.DisposeAsync();
                    throw;
                }

                _connection = opened;
            }

            IReadOnlySet<Pending> taken;
            await using (NpgsqlTransaction tx = await _connection.BeginTransactionAsync())
            {
                taken = await WriteAsync(_connection, tx, group, CancellationToken.None);
                await tx.CommitAsync();
            }

            Interlocked.Add(ref _written, records - taken.Sum(p => p.Records.Length));
            _admission.Release(records);
            foreach (Pending p in group)
            {
                if (taken.Contains(p))
                {
                    p.Done?.TrySetException(new RequestIdTakenException(RequestIdOf(p.Records[0])));
                }
                else
                {
                    p.Done?.TrySetResult();
                }
            }
        }
        catch (Exception e)
        {
            // Any failure, not only the database's: the writer must survive it, and the requests must learn their rows are
            // not kept. A commit whose answer was lost may have committed; refusing such rows keeps the promise all the same.
            _log.LogError(e, "Could not commit {Count} records to the {Name} log in {Where}; their requests are refused (503)", records, _name, _database.Where);
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            _admission.Release(records);
            var refused = new PredictionLogUnavailableException("the log database could not commit");
            foreach (Pending p in group)
            {
                p.Done?.TrySetException(refused);
            }
        }
    }

    /// <summary>The request id a refused append is reported under.</summary>
    protected virtual string RequestIdOf(T record) => "";

    /// <summary>One append's records and the request waiting for their commit (none for shadow rows). Compared by identity.</summary>
    protected sealed class Pending(T[] records, TaskCompletionSource? done)
    {
        public T[] Records { get; } = records;

        public TaskCompletionSource? Done { get; } = done;
    }
}

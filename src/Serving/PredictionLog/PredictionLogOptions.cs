namespace MatchModels.Serving.PredictionLog;

/// <summary>Configuration section <c>Serving:PredictionLog</c>.</summary>
public sealed class PredictionLogOptions
{
    public const string Section = "Serving:PredictionLog";

    /// <summary>
    /// The log folder: predictions go to <c>predictions/day=YYYY-MM-DD/</c> and outcomes to <c>outcomes/day=…/</c> under
    /// it, each with its write-ahead files in <c>_wal/</c>. Replicas may share it: each writes its own segments.
    /// </summary>
    public string Folder { get; set; } = "prediction-log";

    /// <summary>
    /// Records accepted and not yet fsynced before appends wait. Group commit empties the queue every fsync (about a
    /// millisecond on an SSD), so it fills only while the disk stalls; 20,000 records of about 0.5 KB each (a few dozen
    /// features as JSON) bound it to about 10 MB.
    /// </summary>
    public int Capacity { get; set; } = 20_000;

    /// <summary>
    /// How long an append waits for room in a full queue before the request is refused with 503. Refusing rather than
    /// dropping keeps the promise that every acknowledged prediction is in the log.
    /// </summary>
    public double EnqueueTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// A write-ahead segment is closed and compacted into Parquet once it holds this many bytes: 16 MiB is about 30,000
    /// records, a Parquet file large enough for its columnar compression to pay, and little memory to compact.
    /// </summary>
    public long SegmentBytes { get; set; } = 16 << 20;

    /// <summary>
    /// …or once it is this old, so a quiet server's records reach Parquet (what monitoring reads) within half a minute.
    /// The compactor looks for segments of dead processes (crashed runs, replicas) as often.
    /// </summary>
    public double SegmentSeconds { get; set; } = 30;

    /// <summary>
    /// A PostgreSQL connection string (Npgsql keywords: <c>Host=…;Port=…;Database=…;Username=…;Password=…</c>). When set,
    /// predictions and outcomes go to that database instead of the folder (docs/adr/0015), so that several serve
    /// processes share one log; the folder options above are then unused. It holds a password: give it through the
    /// environment (<c>Serving__PredictionLog__ConnectionString</c>) or a secret store, never on a command line, and it
    /// is never logged nor put in an error.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>True when the PostgreSQL backend is configured.</summary>
    public bool UsesDatabase => !string.IsNullOrWhiteSpace(ConnectionString);
}

namespace MatchModels.Serving.PredictionLog;

/// <summary>Configuration section <c>Serving:PredictionLog</c>.</summary>
public sealed class PredictionLogOptions
{
    public const string Section = "Serving:PredictionLog";

    /// <summary>The log folder: predictions go to <c>predictions/date=…/</c> and outcomes to <c>outcomes/date=…/</c> under it.</summary>
    public string Folder { get; set; } = "prediction-log";

    /// <summary>A file is written when this many records wait; large enough for Parquet's columnar compression to pay.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>…or when the oldest waiting record is this old, so a quiet server still writes within seconds.</summary>
    public double FlushSeconds { get; set; } = 5;

    /// <summary>Records the queue holds before appends wait: about 10 s of a busy server's output, tens of MB at most.</summary>
    public int Capacity { get; set; } = 100_000;

    /// <summary>
    /// How long an append waits for room in a full queue before the request is refused with 503. Refusing rather than
    /// dropping keeps the promise that every acknowledged prediction is in the log.
    /// </summary>
    public double EnqueueTimeoutSeconds { get; set; } = 2;
}

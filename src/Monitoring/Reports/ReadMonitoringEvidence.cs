using System.Globalization;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Monitoring.Reports;

/// <summary>Evidence that cannot be used as it is (an unreadable log file, an outcomes file without the columns it needs): monitoring stops and says what is missing.</summary>
public sealed class MonitoringEvidenceException(string message) : Exception(message);

/// <summary>
/// Reads a monitoring run's evidence from disk: the prediction log's rows of a span of days and its outcomes, through
/// <see cref="PredictionLogReader"/>, and an outcomes file (CSV or Parquet: pair_id or request_id, success and/or
/// dropout, observed_at). A damaged log file refuses the run, naming the file: a report over part of the evidence would
/// look complete.
/// </summary>
public static class ReadMonitoringEvidence
{
    public static async Task<IReadOnlyList<PredictionRecord>> PredictionsAsync(string logFolder, DateTime? sinceUtc, DateTime? untilUtc, CancellationToken ct = default)
    {
        DateOnly from = sinceUtc is { } s ? DateOnly.FromDateTime(s) : DateOnly.MinValue;
        DateOnly to = untilUtc is { } u ? DateOnly.FromDateTime(u) : DateOnly.MaxValue;
        try
        {
            return await PredictionLogReader.ReadPredictionsAsync(logFolder, from, to, ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw new MonitoringEvidenceException(Describe(Path.Combine(logFolder, PredictionLogReader.PredictionsFolder), "prediction log", e));
        }
    }

    /// <summary>The outcomes stored beside the log (all days: outcomes arrive long after their predictions), with the label of <paramref name="task"/>.</summary>
    public static async Task<IReadOnlyList<LabelledOutcome>> LogOutcomesAsync(string logFolder, string task, CancellationToken ct = default)
    {
        IReadOnlyList<OutcomeRecord> read;
        try
        {
            read = await PredictionLogReader.ReadOutcomesAsync(logFolder, DateOnly.MinValue, DateOnly.MaxValue, ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw new MonitoringEvidenceException(Describe(Path.Combine(logFolder, PredictionLogReader.OutcomesFolder), "outcomes log", e));
        }

        bool dropout = IsDropout(task);
        string source = Path.Combine(logFolder, PredictionLogReader.OutcomesFolder);
        return [.. read.Select(o => new LabelledOutcome(o.PairId, o.RequestId, dropout ? o.Dropout : o.Success, DateTime.SpecifyKind(o.ObservedAtUtc, DateTimeKind.Utc), source))];
    }

    /// <summary>
    /// An outcomes file's rows. Rows without a usable id or observed_at are refused with the file's row number in the
    /// exception; a file without an id column, a label column for <paramref name="task"/> or observed_at is refused whole.
    /// </summary>
    public static async Task<IReadOnlyList<LabelledOutcome>> OutcomesFileAsync(string path, string task, CancellationToken ct = default)
    {
        TableFormat format = TableFormats.FromExtension(path)
            ?? throw new ArgumentException($"{path}: an outcomes file is .csv or .parquet");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist", path);
        }

        var problems = new ProblemList();
        RawTable? raw = format == TableFormat.Parquet ? await ParquetTableReader.ReadAsync(path, problems, ct) : CsvTableReader.Read(path, problems);
        if (raw is null || problems.Any)
        {
            throw new MonitoringEvidenceException($"{path}: {string.Join("; ", problems.Kept.Select(p => p.Message))}");
        }

        string labelName = IsDropout(task) ? "dropout" : "success";
        RawColumn? pairs = raw.Columns.FirstOrDefault(c => c.Name == "pair_id");
        RawColumn? requests = raw.Columns.FirstOrDefault(c => c.Name == "request_id");
        RawColumn label = raw.Columns.FirstOrDefault(c => c.Name == labelName)
            ?? throw new MonitoringEvidenceException($"{path} has no '{labelName}' column: the label of a {task} model");
        RawColumn observed = raw.Columns.FirstOrDefault(c => c.Name == "observed_at")
            ?? throw new MonitoringEvidenceException($"{path} has no 'observed_at' column: an outcome's time decides whether it may label a prediction");
        if (pairs is null && requests is null)
        {
            throw new MonitoringEvidenceException($"{path} has neither 'pair_id' nor 'request_id': outcomes are joined on one of them");
        }

        var outcomes = new List<LabelledOutcome>(raw.RowCount);
        for (int i = 0; i < raw.RowCount; i++)
        {
            long row = raw.DataRow(i);
            DateTime at = Time(observed.Values.GetValue(i))
                ?? throw new MonitoringEvidenceException(string.Create(CultureInfo.InvariantCulture, $"{path}, row {row}, observed_at: expected a UTC ISO 8601 time, found '{observed.Values.GetValue(i)}'"));
            bool? y = Bool(label.Values.GetValue(i), out bool ok);
            if (!ok)
            {
                throw new MonitoringEvidenceException(string.Create(CultureInfo.InvariantCulture, $"{path}, row {row}, {labelName}: expected true, false, 1, 0 or empty, found '{label.Values.GetValue(i)}'"));
            }

            outcomes.Add(new LabelledOutcome(Text(pairs?.Values.GetValue(i)), Text(requests?.Values.GetValue(i)), y, at, path));
        }

        return outcomes;
    }

    private static bool IsDropout(string task) => task.Equals("dropout", StringComparison.OrdinalIgnoreCase);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string { Length: 0 } => null,
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static DateTime? Time(object? value) => value switch
    {
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t) => t,
        _ => null,
    };

    private static bool? Bool(object? value, out bool ok)
    {
        ok = true;
        switch (value)
        {
            case null:
            case string { Length: 0 }:
                return null;
            case bool b:
                return b;
            case int n when n is 0 or 1:
                return n == 1;
            case long n when n is 0 or 1:
                return n == 1;
            case string s when s.Trim().ToLowerInvariant() is "true" or "1":
                return true;
            case string s when s.Trim().ToLowerInvariant() is "false" or "0":
                return false;
            default:
                ok = false;
                return null;
        }
    }

    /// <summary>Names the log files that are not readable Parquet (magic bytes, footer); the reader's own message when none is.</summary>
    private static string Describe(string folder, string what, Exception e)
    {
        var damaged = new List<string>();
        if (Directory.Exists(folder))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                if (Damage(file) is { } why)
                {
                    damaged.Add($"{file} ({why})");
                }
            }
        }

        return damaged.Count > 0
            ? $"the {what} holds {damaged.Count} unreadable file(s): {string.Join("; ", damaged)}; move them aside to monitor without them"
            : $"the {what} in {folder} cannot be read ({e.GetType().Name}: {e.Message})";
    }

    private static string? Damage(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return ParquetFooterCheck.FileProblem(stream);
    }
}

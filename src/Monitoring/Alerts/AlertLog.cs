using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Monitoring.Alerts;

/// <summary>
/// A model's alert records, JSON lines in its monitoring folder: <c>alerts.jsonl</c> (one line per alert, never two for
/// the same rule and window) and <c>deliveries.jsonl</c> (one line per webhook delivery, delivered or given up). Each
/// append is fsynced, under an exclusive lock on <c>alerts.lock</c>, so the server's scheduled monitor and a person's
/// <c>monitor</c> never raise the same alert twice. A line cut short by a crash is skipped and counted, never fatal.
/// </summary>
public sealed class AlertLog(string folder)
{
    public const string AlertsFile = "alerts.jsonl";
    public const string DeliveriesFile = "deliveries.jsonl";
    private const string LockFile = "alerts.lock";

    /// <summary>How long a writer waits for another to finish with the files: far longer than an append takes.</summary>
    private static readonly TimeSpan s_lockPatience = TimeSpan.FromSeconds(10);

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string Folder => folder;

    public string AlertsPath => Path.Combine(folder, AlertsFile);

    public string DeliveriesPath => Path.Combine(folder, DeliveriesFile);

    /// <summary>Appends the alerts whose id is not recorded yet, and returns those (in the given order).</summary>
    public IReadOnlyList<Alert> Record(IReadOnlyList<Alert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using FileStream held = Lock();
        var known = new HashSet<string>(Lines<Alert>(AlertsPath).Records.Select(a => a.Id), StringComparer.Ordinal);
        Alert[] fresh = [.. alerts.Where(a => known.Add(a.Id))];
        Append(AlertsPath, fresh);
        return fresh;
    }

    public void RecordDeliveries(IReadOnlyList<DeliveryRecord> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        using FileStream held = Lock();
        Append(DeliveriesPath, deliveries);
    }

    /// <summary>The recorded alerts, and how many lines could not be read.</summary>
    public (IReadOnlyList<Alert> Alerts, int DamagedLines) Alerts() => Lines<Alert>(AlertsPath);

    public (IReadOnlyList<DeliveryRecord> Deliveries, int DamagedLines) Deliveries() => Lines<DeliveryRecord>(DeliveriesPath);

    private FileStream Lock()
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, LockFile);
        DateTime giveUp = DateTime.UtcNow + s_lockPatience;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static (IReadOnlyList<T> Records, int DamagedLines) Lines<T>(string path)
    {
        if (!File.Exists(path))
        {
            return ([], 0);
        }

        var records = new List<T>();
        int damaged = 0;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<T>(line, Json) is { } record)
                {
                    records.Add(record);
                }
                else
                {
                    damaged++;
                }
            }
            catch (JsonException)
            {
                damaged++;
            }
        }

        return (records, damaged);
    }

    private static void Append<T>(string path, IReadOnlyList<T> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (T record in records)
        {
            text.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
        }

        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

        // A line a crash cut short gets its own end, so the next record starts on a line of its own.
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
            {
                text.Insert(0, '\n');
            }
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>One webhook delivery of one alert: delivered or given up after <see cref="Attempts"/>, with the last status or error.</summary>
public sealed record DeliveryRecord(string AlertId, string Target, bool Delivered, int Attempts, int? Status, string? Error, DateTime AtUtc);

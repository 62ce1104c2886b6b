using System.Globalization;
using System.Text.Json;

namespace MatchModels.Core.Registry;

/// <summary>One training run as its folder shows it; <see cref="Status"/> is "interrupted" when the run's process died.</summary>
public sealed record TrainingRunSummary(
    string Id,
    string Status,
    DateTime? StartedAtUtc,
    DateTime? FinishedAtUtc,
    string? Trainer,
    double? TestRocAuc,
    int? RegisteredVersion,
    string? Error,
    string Directory);

/// <summary>
/// Reads models/&lt;name&gt;/runs/: each run's status.json, and its run.json once the run has ended. A run's process
/// holds <see cref="LeaseFile"/> while it works, so a run that still says "running" with nobody holding its
/// lease was killed, and is reported as <see cref="Interrupted"/>.
/// </summary>
public static class TrainingRuns
{
    public const string Folder = "runs";
    public const string LeaseFile = ".lease";
    public const string Running = "running";
    public const string Interrupted = "interrupted";

    /// <summary>The runs of one model, oldest first (run ids are UTC timestamps).</summary>
    public static IReadOnlyList<TrainingRunSummary> List(ModelRegistry registry, string name)
    {
        string runs = Path.Combine(registry.ModelDirectory(name), Folder);
        if (!System.IO.Directory.Exists(runs))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(runs)
            .Where(d => File.Exists(Path.Combine(d, "status.json")))
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
    }

    public static TrainingRunSummary Read(string runDirectory)
    {
        string id = Path.GetFileName(runDirectory);
        string status = ReadStatus(runDirectory, out string? error);
        if (status == Running && !ProcessLease.IsHeld(Path.Combine(runDirectory, LeaseFile)))
        {
            status = Interrupted;
            error ??= "the training process ended before the run finished (killed or crashed)";
        }

        DateTime? started = StartOf(id);
        DateTime? finished = null;
        string? trainer = null;
        double? auc = null;
        int? registered = null;
        string runJson = Path.Combine(runDirectory, "run.json");
        if (File.Exists(runJson))
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(runJson));
                JsonElement root = doc.RootElement;
                started = Date(root, "started_at_utc") ?? started;
                finished = Date(root, "finished_at_utc");
                trainer = Path2(root, "chosen", "trainer") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
                auc = Path2(root, "test", "roc_auc") is { ValueKind: JsonValueKind.Number } a ? a.GetDouble() : null;
                registered = Path2(root, "registration", "version") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : null;
            }
            catch (JsonException)
            {
                error ??= "run.json is not valid JSON";
            }
        }

        return new TrainingRunSummary(id, status, started, finished, trainer, auc, registered, error, runDirectory);
    }

    /// <summary>When a run started, from its id (a UTC timestamp, with "-n" when two started in the same second); null for another name.</summary>
    public static DateTime? StartOf(string runId) =>
        DateTime.TryParseExact(runId.Split('-')[0], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime s) ? s : null;

    private static string ReadStatus(string runDirectory, out string? error)
    {
        error = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runDirectory, "status.json")));
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String)
                {
                    error = e.GetString();
                }

                if (doc.RootElement.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.String)
                {
                    return s.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // An empty status.json is what a run killed while claiming its folder leaves behind.
        }

        error ??= "status.json is empty or not valid JSON";
        return Running;
    }

    private static DateTime? Date(JsonElement root, string property) =>
        root.TryGetProperty(property, out JsonElement e) && e.ValueKind == JsonValueKind.String && e.TryGetDateTime(out DateTime d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : null;

    private static JsonElement? Path2(JsonElement root, string first, string second) =>
        root.TryGetProperty(first, out JsonElement a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty(second, out JsonElement b) ? b : null;
}

using System.Globalization;
using System.Text.Json;
using MatchModels.Monitoring.Reports;

namespace MatchModels.Monitoring.Retraining;

/// <summary>What the triggers look at in one window of a monitoring report.</summary>
public sealed record EvidenceWindow(string Label, bool Empty, int Labelled, bool? DatasetDrift, double? RealisedAuc, double? EstimatedAuc);

/// <summary>The latest monitoring report of a model, reduced to what the retraining triggers need, and where it was read.</summary>
public sealed record RetrainingEvidence(string Path, string Model, int Version, DateTime GeneratedAtUtc, double? TestAuc, IReadOnlyList<EvidenceWindow> Windows);

/// <summary>
/// Finds and reads the newest report.json that <c>monitor</c> wrote under <c>&lt;registry&gt;/&lt;name&gt;/monitoring/</c>
/// (by the time report.json was written: <c>monitor</c>'s folders are named by UTC time, but the server's scheduled monitor
/// rewrites one folder, <c>scheduled/</c>, whose name says nothing of its age). A report that does not read is damaged
/// evidence: it throws rather than being skipped, so the loop never retrains on an older report by accident.
/// </summary>
public static class ReadRetrainingEvidence
{
    public const string ReportFile = "report.json";

    /// <summary>The newest report, or null when monitor never wrote one.</summary>
    /// <exception cref="MonitoringEvidenceException">The newest report is damaged.</exception>
    public static RetrainingEvidence? Latest(string monitoringFolder)
    {
        if (!Directory.Exists(monitoringFolder))
        {
            return null;
        }

        string? newest = Directory.EnumerateDirectories(monitoringFolder)
            .Where(d => File.Exists(System.IO.Path.Combine(d, ReportFile)))
            .OrderBy(d => File.GetLastWriteTimeUtc(System.IO.Path.Combine(d, ReportFile)))
            .ThenBy(d => System.IO.Path.GetFileName(d), StringComparer.Ordinal)
            .LastOrDefault();
        return newest is null ? null : Read(System.IO.Path.Combine(newest, ReportFile));
    }

    public static RetrainingEvidence Read(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            double? testAuc = root.TryGetProperty("test_metrics", out JsonElement metrics) && metrics.TryGetProperty("roc_auc", out JsonElement auc) && auc.ValueKind == JsonValueKind.Number
                ? auc.GetDouble()
                : null;
            var windows = root.GetProperty("windows").EnumerateArray().Select(w => new EvidenceWindow(
                w.GetProperty("label").GetString() ?? throw new JsonException("a window without a label"),
                w.GetProperty("empty").GetBoolean(),
                w.GetProperty("labelled").GetInt32(),
                Object(w, "data_drift") is { } d ? d.GetProperty("drifted").GetBoolean() : null,
                Object(w, "realised") is { } r ? Number(r.GetProperty("auc").GetProperty("estimate")) : null,
                Object(w, "estimated") is { } e ? Number(e.GetProperty("auc")) : null)).ToList();
            return new RetrainingEvidence(
                path,
                root.GetProperty("model").GetString() ?? throw new JsonException("no model"),
                root.GetProperty("version").GetInt32(),
                DateTime.Parse(root.GetProperty("generated_at_utc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                testAuc,
                windows);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException or ArgumentNullException)
        {
            throw new MonitoringEvidenceException($"the monitoring report {path} is damaged ({e.Message}): nothing was retrained; run monitor again to write a sound one");
        }
    }

    private static JsonElement? Object(JsonElement w, string name) =>
        w.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
}

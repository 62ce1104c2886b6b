using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Reports;

/// <summary>What <c>matchmodels monitor</c> was asked: the version, the log, an optional outcomes file, the windows (null: the version's settings) and span, where to write, and which time of a row counts (<see cref="RowTime"/>).</summary>
public sealed record MonitorRequest(
    string Registry,
    ModelReference Model,
    string LogFolder,
    string? OutcomesFile,
    WindowSpec? Window,
    DateTime? SinceUtc,
    DateTime? UntilUtc,
    string? OutFolder,
    RowTime Time = RowTime.Logged);

/// <summary>The report, the two files written, and the settings it was made with (the alert rules among them).</summary>
public sealed record MonitorResult(MonitoringReport Report, string Folder, string JsonPath, string HtmlPath, MonitoringSettings Settings);

/// <summary>
/// <c>matchmodels monitor</c>: opens the version (digests checked) and its reference, reads its logged predictions and the
/// outcomes, builds the report (<see cref="BuildMonitoringReport"/>) and writes report.json and report.html, by default
/// into <c>&lt;registry&gt;/&lt;name&gt;/monitoring/&lt;UTC time&gt;/</c>. Throws <see cref="RegistryException"/> for an
/// unknown model or version and <see cref="MonitoringEvidenceException"/> when the evidence cannot give a report.
/// </summary>
public sealed class MonitorModelVersion(TimeProvider clock)
{
    public const string MonitoringFolder = "monitoring";

    public async Task<MonitorResult> RunAsync(MonitorRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var registry = new ModelRegistry(request.Registry);
        ModelVersion version = registry.Open(request.Model);
        ModelManifest m = version.Manifest;
        if (!Directory.Exists(request.LogFolder))
        {
            throw new DirectoryNotFoundException($"the prediction log folder {request.LogFolder} does not exist");
        }

        if (request.SinceUtc is { } s && request.UntilUtc is { } u && u <= s)
        {
            throw new ArgumentException($"--until ({u:O}) must be after --since ({s:O})");
        }

        ReferenceSample? sample = await ReferenceSample.ReadAsync(version, ct);
        if (sample is null && m.Reference is null)
        {
            throw new MonitoringEvidenceException($"{m.Name}:{m.Version} has neither a reference sample ({ReferenceSample.FeaturesFile}) nor a summary profile in model.json: there is nothing to compare the log with");
        }

        // The log's day folders are days of the logged time, so a span of as_of times cannot skip any of them.
        IReadOnlyList<PredictionRecord> log = request.Time == RowTime.AsOf
            ? await ReadMonitoringEvidence.PredictionsAsync(request.LogFolder, null, null, ct)
            : await ReadMonitoringEvidence.PredictionsAsync(request.LogFolder, request.SinceUtc, request.UntilUtc, ct);
        var outcomes = new List<LabelledOutcome>(await ReadMonitoringEvidence.LogOutcomesAsync(request.LogFolder, m.Features.Task, ct));
        var sources = new List<string>();
        if (outcomes.Count > 0)
        {
            sources.Add(Path.Combine(request.LogFolder, PredictionLogReader.OutcomesFolder));
        }

        if (request.OutcomesFile is { } file)
        {
            outcomes.AddRange(await ReadMonitoringEvidence.OutcomesFileAsync(file, m.Features.Task, ct));
            sources.Add(file);
        }

        var model = new MonitoredVersion(m.Name, m.Version, m.Features.Task, m.Threshold, m.Features.Names, Kinds(m), m.Metrics, m.Seed ?? 0);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        MonitoringSettings? kept = MonitoringSettingsFile.Read(version);
        MonitoringSettings settings = kept ?? MonitoringSettings.Default;
        WindowSpec window = request.Window ?? settings.Window;
        string note = kept is null
            ? $"{m.Name}:{m.Version} was registered without monitoring settings ({MonitoringSettingsFile.FileName}): the defaults are used."
            : $"Settings from {m.Name}:{m.Version}'s pipeline ({MonitoringSettingsFile.FileName}){(request.Window is null ? "" : $", with the window {window} given on the command line")}.";
        var input = new MonitoringInput(
            model, sample, m.Reference, log, outcomes, sources, window, request.SinceUtc, request.UntilUtc, now, settings.Drift,
            settings.DomainClassifierThreshold is { } t ? DomainClassifierOptions.Default with { Threshold = t } : null, settings.DomainClassifierThreshold is null, note, request.Time,
            settings.CalibrationDelta);
        MonitoringReport report = BuildMonitoringReport.Run(input);
        if (report.Log.Monitored == 0)
        {
            throw new MonitoringEvidenceException(
                $"the log {request.LogFolder} holds no prediction of {m.Name}:{m.Version}{Span(request)} ({report.Log.RowsRead:N0} row(s) read: {report.Log.OtherModels:N0} of other models, {report.Log.OtherVersions:N0} of other versions, {report.Log.OutsideSpan:N0} outside the span, {report.Log.Malformed:N0} of another width{(request.Time == RowTime.AsOf ? $", {report.Log.WithoutAsOf:N0} without an as_of" : "")})");
        }

        string folder = request.OutFolder ?? Path.Combine(registry.ModelDirectory(m.Name), MonitoringFolder, now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        (string json, string html) = WriteMonitoringReport.ToFolder(report, folder);
        return new MonitorResult(report, folder, json, html, settings);
    }

    /// <summary>Each feature's kind from the version's builder definitions; audit columns are one-hot, so categorical; an imported version's features are numerical.</summary>
    private static IReadOnlyList<FeatureKind> Kinds(ModelManifest m)
    {
        Dictionary<string, FeatureType> types = m.Features.State is { } state
            ? PairFeatureBuilder.For(state).Definitions.ToDictionary(d => d.Name, d => d.Type, StringComparer.Ordinal)
            : [];
        return [.. m.Features.Names.Select(n => types.TryGetValue(n, out FeatureType t) ? DataDrift.KindOf(t) : m.Features.State is null ? FeatureKind.Numerical : FeatureKind.Categorical)];
    }

    private static string Span(MonitorRequest r) =>
        r.SinceUtc is null && r.UntilUtc is null ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" between {(r.SinceUtc is { } s ? s.ToString("O") : "the start")} and {(r.UntilUtc is { } u ? u.ToString("O") : "the end")}");
}

using MatchModels.Monitoring.Reports;
using MatchModels.Serving.Observability;

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// The latest scheduled monitoring results, published on /metrics as gauges per model and version: each feature's
/// drift score, the dataset-drift flag, the prediction drift score and the estimated and realised AUC of the latest
/// non-empty window, the time of the last run that finished, and failed runs. A run replaces a model's results whole,
/// so a scrape never mixes two runs of one model.
/// </summary>
public sealed class MonitoringResults
{
    private readonly Dictionary<string, MonitoringReport> _latest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private double _lastRun = double.NaN;
    private double _lastRunDuration = double.NaN;

    public MonitoringResults(MetricsRegistry metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Failures = metrics.Counter("matchmodels_monitoring_failures_total", "Scheduled monitoring runs of a model that failed (no rows yet, an unreadable file, a bug), by model.", "model");
        metrics.Gauges("matchmodels_monitoring_feature_drift_score", "Each feature's drift score in the latest non-empty window of the last scheduled run.", ["model", "version", "feature"],
            () => Windows().SelectMany(x => x.Window.DataDrift!.Features.Select(f => (Labels(x.Report, f.Feature), f.Score))));
        metrics.Gauges("matchmodels_monitoring_dataset_drift", "1 when the latest non-empty window's dataset drifted, else 0.", ["model", "version"],
            () => Windows().Select(x => (Labels(x.Report), x.Window.DataDrift!.Drifted ? 1.0 : 0.0)));
        metrics.Gauges("matchmodels_monitoring_prediction_drift_score", "The prediction drift score of the latest non-empty window.", ["model", "version"],
            () => Windows().Where(x => x.Window.PredictionDrift is not null).Select(x => (Labels(x.Report), x.Window.PredictionDrift!.Score)));
        metrics.Gauges("matchmodels_monitoring_estimated_auc", "The label-free (CBPE) AUC estimate of the latest non-empty window.", ["model", "version"],
            () => Windows().Where(x => x.Window.Estimated is not null).Select(x => (Labels(x.Report), x.Window.Estimated!.Auc)));
        metrics.Gauges("matchmodels_monitoring_realised_auc", "The AUC on joined outcomes of the latest non-empty window, when outcomes joined.", ["model", "version"],
            () => Windows().Where(x => x.Window.Realised is not null).Select(x => (Labels(x.Report), x.Window.Realised!.Auc.Estimate)));
        metrics.Gauge("matchmodels_monitoring_last_run_timestamp_seconds", "When the last scheduled monitoring run finished (Unix seconds); NaN before the first.", () => Volatile.Read(ref _lastRun));
        metrics.Gauge("matchmodels_monitoring_last_run_duration_seconds", "How long the last scheduled monitoring run took, all models; NaN before the first.", () => Volatile.Read(ref _lastRunDuration));
        Runs = metrics.Counter("matchmodels_monitoring_runs_total", "Scheduled monitoring runs that finished (a model that failed included: see the failures counter).");
        Runs.Add(0); // so that the series exists, at 0, before the first run
    }

    public Counter Failures { get; }

    public Counter Runs { get; }

    /// <summary>Keeps <paramref name="report"/> as its model's latest, replacing the version monitored before (a promotion).</summary>
    public void Keep(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            _latest[report.Model] = report;
        }
    }

    /// <summary>Drops a model's results, e.g. when it no longer has a champion.</summary>
    public void Forget(string model)
    {
        lock (_lock)
        {
            _latest.Remove(model);
        }
    }

    /// <summary>Records a finished run: when it ended and how long it took.</summary>
    public void Finished(DateTimeOffset at, TimeSpan took)
    {
        Volatile.Write(ref _lastRun, at.ToUnixTimeMilliseconds() / 1000.0);
        Volatile.Write(ref _lastRunDuration, took.TotalSeconds);
        Runs.Inc();
    }

    private List<(MonitoringReport Report, WindowReport Window)> Windows()
    {
        lock (_lock)
        {
            return [.. _latest.Values
                .Select(r => (Report: r, Window: r.Windows.LastOrDefault(w => !w.Empty && w.DataDrift is not null)))
                .Where(x => x.Window is not null)
                .Select(x => (x.Report, x.Window!))];
        }
    }

    private static string[] Labels(MonitoringReport r, params string[] more) => [r.Model, r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), .. more];
}

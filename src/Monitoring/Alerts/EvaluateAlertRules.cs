using System.Globalization;
using MatchModels.Monitoring.Reports;

namespace MatchModels.Monitoring.Alerts;

/// <summary>
/// Turns a monitoring report into alerts: every rule against every non-empty window (a detector alarm against the window
/// it was detected in). Pure: the same report and rules give the same alerts, ids included.
/// </summary>
public static class EvaluateAlertRules
{
    public static IReadOnlyList<Alert> Run(MonitoringReport report, IReadOnlyList<AlertRule> rules, string? reportFolder = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rules);
        var alerts = new List<Alert>();
        foreach (AlertRule rule in rules)
        {
            if (rule.Kind == AlertKind.DetectorAlarm)
            {
                alerts.AddRange(DetectorAlerts(report, rule, reportFolder));
                continue;
            }

            foreach (WindowReport w in report.Windows.Where(w => !w.Empty))
            {
                if (Fired(report, rule, w) is { } finding)
                {
                    alerts.Add(New(report, rule, w, finding.Summary, finding.Evidence, reportFolder));
                }
            }
        }

        return alerts;
    }

    private static (string Summary, Dictionary<string, double> Evidence)? Fired(MonitoringReport report, AlertRule rule, WindowReport w)
    {
        string at = $"{report.Model}:{report.Version}, window {w.Label} ({w.Rows:N0} predictions)";
        switch (rule.Kind)
        {
            case AlertKind.DatasetDrift when w.DataDrift is { Drifted: true } d:
                string[] drifted = [.. d.Features.Where(f => f.Drifted).Select(f => f.Feature)];
                return (Invariant($"{at}: dataset drift, {d.DriftedFeatures} of {d.Features.Count} features drifted ({string.Join(", ", drifted.Take(8))}{(drifted.Length > 8 ? ", …" : "")})"),
                    new() { ["drifted_features"] = d.DriftedFeatures, ["features"] = d.Features.Count, ["drifted_share"] = d.DriftedShare, ["drift_share"] = d.DriftShare });
            case AlertKind.PredictionDrift when w.PredictionDrift is { Drifted: true } p:
                return (Invariant($"{at}: the score distribution drifted ({p.Method} {p.Score:0.###}, threshold {p.Threshold:0.###})"),
                    new() { ["score"] = p.Score, ["threshold"] = p.Threshold });
            case AlertKind.MultivariateDrift when w.Multivariate is { Drifted: true } m:
                return (Invariant($"{at}: the rows move together differently from training ({m.Method} AUC {m.Auc:0.###}, threshold {m.Threshold:0.###})"),
                    new() { ["auc"] = m.Auc, ["threshold"] = m.Threshold });
            case AlertKind.RealisedAucDrop when w.Realised is { } r && report.TestMetrics.TryGetValue("roc_auc", out double test)
                && w.Labelled >= (rule.MinLabels ?? AlertRule.DefaultMinLabels) && test - r.Auc.Estimate >= (rule.Delta ?? AlertRule.DefaultAucDrop):
                return (Invariant($"{at}: realised AUC {r.Auc.Estimate:0.###} [{r.Auc.Low:0.###}, {r.Auc.High:0.###}] on {w.Labelled:N0} labels, {test - r.Auc.Estimate:0.###} below the test AUC {test:0.###}"),
                    new() { ["realised_auc"] = r.Auc.Estimate, ["realised_auc_low"] = r.Auc.Low, ["realised_auc_high"] = r.Auc.High, ["test_auc"] = test, ["labels"] = w.Labelled });
            case AlertKind.EstimatedAucBelow when w.Estimated is { } e && rule.Floor is { } floor && e.Auc < floor:
                return (Invariant($"{at}: estimated AUC {e.Auc:0.###} (label-free, assumes calibration and no concept drift) is below the floor {floor:0.###}"),
                    new() { ["estimated_auc"] = e.Auc, ["floor"] = floor });
            default:
                return null;
        }
    }

    private const string CalibrationDetector = "ADWIN on y − p";

    private static IEnumerable<Alert> DetectorAlerts(MonitoringReport report, AlertRule rule, string? reportFolder)
    {
        var windows = report.Windows.ToDictionary(w => w.Label, StringComparer.Ordinal);
        IEnumerable<(string Detector, LossAlarm Alarm)> alarms =
            report.Detectors.Adwin.Select(a => ("ADWIN", a)).Concat(report.Detectors.PageHinkley.Select(a => ("Page–Hinkley", a)))
                .Concat((report.Detectors.Calibration?.Alarms ?? []).Select(a => (CalibrationDetector, a)));

        // One alert per window however many alarms fell in it: the first one's numbers, the others counted.
        foreach (IGrouping<string, (string Detector, LossAlarm Alarm)> inWindow in alarms.GroupBy(a => a.Alarm.DetectedInWindow, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!windows.TryGetValue(inWindow.Key, out WindowReport? w))
            {
                continue;
            }

            (string detector, LossAlarm first) = inWindow.OrderBy(a => a.Alarm.DetectedAt).First();
            string stream = detector == CalibrationDetector ? "the signed residual y − p (calibration)" : "the squared error";
            string summary = Invariant(
                $"{report.Model}:{report.Version}, window {w.Label}: {detector} detected a change in {stream} at label {first.DetectedAt:N0} ({first.DetectedAtUtc:yyyy-MM-dd}), placing it at label {first.ChangeAt:N0} ({first.ChangeAtUtc:yyyy-MM-dd}); {inWindow.Count()} alarm(s) in this window");
            yield return New(report, rule, w, summary, new() { ["detected_at"] = first.DetectedAt, ["change_at"] = first.ChangeAt, ["alarms"] = inWindow.Count() }, reportFolder);
        }
    }

    private static Alert New(MonitoringReport report, AlertRule rule, WindowReport w, string summary, Dictionary<string, double> evidence, string? reportFolder) =>
        new(Alert.IdOf(report.Model, report.Version, rule.Name, w.Label), rule.Name, rule.Kind, report.Model, report.Version, w.Label, w.Start, w.End,
            report.GeneratedAtUtc, summary, evidence, reportFolder);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

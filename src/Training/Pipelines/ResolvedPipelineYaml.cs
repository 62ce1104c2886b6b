using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using MatchModels.Core.Columns;
using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Statistics;
using MatchModels.Training.Fairness;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Writes a spec as the resolved pipeline YAML of run records. Written by hand rather than by YamlDotNet's emitter so
/// that the text, and so <see cref="PipelineSpec.Digest"/>, cannot change with a library upgrade.
/// </summary>
internal static partial class ResolvedPipelineYaml
{
    public static string Write(PipelineSpec spec)
    {
        var w = new StringBuilder();
        Line(w, 0, "name", Text(spec.Name));
        Line(w, 0, "task", spec.Task.YamlName);
        Line(w, 0, "data", Text(spec.Data));
        Line(w, 0, "seed", Number(spec.Seed));
        w.Append("label:\n");
        switch (spec.Label)
        {
            case PairSuccessLabel l:
                Line(w, 1, "min_sessions", Number(l.MinSessions));
                Line(w, 1, "within_days", Number(l.WithinDays));
                Line(w, 1, "min_mentee_satisfaction", Number(l.MinMenteeSatisfaction));
                break;
            case DropoutLabel l:
                Line(w, 1, "no_session_days", Number(l.NoSessionDays));
                break;
            default:
                throw new InvalidOperationException($"no YAML form for label {spec.Label.GetType().Name}");
        }

        Line(w, 0, "cutoff_days", Number(spec.CutoffDays));
        w.Append("features:\n");
        foreach (string feature in spec.Features)
        {
            w.Append("  - ").Append(Text(feature)).Append('\n');
        }

        Line(w, 0, "allow_audit_features", Flow(spec.AllowAuditFeatures.Select(Text)));
        w.Append("split:\n");
        Line(w, 1, "test_cohorts", Number(spec.Split.TestCohorts));
        Line(w, 1, "folds", Number(spec.Split.Folds));
        Line(w, 1, "min_positives", Number(spec.Split.MinPositives));
        w.Append("search:\n");
        Line(w, 1, "trainers", Flow(spec.Search.Trainers.Select(t => t.YamlName)));
        Line(w, 1, "budget_seconds", Number(spec.Search.BudgetSeconds));
        Line(w, 1, "trials", Number(spec.Search.Trials));
        Line(w, 1, "metric", spec.Search.Metric.YamlName);
        w.Append("gates:\n");
        Line(w, 1, "min_auc", Number(spec.Gates.MinAuc));
        Line(w, 1, "max_ece", Number(spec.Gates.MaxEce));
        Line(w, 1, "min_brier_skill", Number(spec.Gates.MinBrierSkill));
        Line(w, 1, "max_fairness_gap", Number(spec.Gates.MaxFairnessGap));
        Line(w, 1, "fairness_metric", spec.Gates.FairnessMetric.YamlName);
        Line(w, 1, "max_demographic_parity_difference", Number(spec.Gates.MaxDemographicParityDifference));
        Line(w, 1, "max_equalized_odds_difference", Number(spec.Gates.MaxEqualizedOddsDifference));
        Line(w, 1, "min_improvement", Number(spec.Gates.MinImprovement));
        w.Append("fairness:\n");
        Line(w, 1, "min_group_size", Number(spec.Fairness.MinGroupSize));
        Line(w, 1, "attributes", Flow(spec.Fairness.Attributes.Select(Text)));
        WriteMonitoring(w, spec.Monitoring);
        WriteColumns(w, spec.Columns);
        return w.ToString();
    }

    /// <summary>Written only when the file declares columns, so the digests of pipelines without them stay as they were.</summary>
    private static void WriteColumns(StringBuilder w, IReadOnlyList<DeclaredColumn> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        w.Append("columns:\n");
        foreach (DeclaredColumn c in columns)
        {
            w.Append("  - name: ").Append(Text(c.Name)).Append('\n');
            Line(w, 2, "type", DeclaredColumnNames.Of(c.Type));
            Line(w, 2, "optional", c.Optional ? "true" : "false");
            if (c.Values is { } values)
            {
                Line(w, 2, "values", Flow(values.Select(Text)));
            }

            Line(w, 2, "audit_only", c.AuditOnly ? "true" : "false");
            Line(w, 2, "features", Flow(c.Features.Select(DeclaredColumnNames.Of)));
        }
    }

    private static void WriteMonitoring(StringBuilder w, MonitoringSettings m)
    {
        w.Append("monitoring:\n");
        Line(w, 1, "window", Text(m.Window.ToString()));
        w.Append("  drift:\n");
        Line(w, 2, "method", m.Drift.Method is { } method ? Text(method) : "null");
        Line(w, 2, "threshold", Number(m.Drift.Threshold));
        Line(w, 2, "share", Number(m.Drift.DriftShare));
        if (m.Drift.Features.Count == 0)
        {
            Line(w, 2, "features", "{}");
        }
        else
        {
            w.Append("    features:\n");
            foreach ((string feature, FeatureDriftOptions o) in m.Drift.Features.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                w.Append("      ").Append(Text(feature)).Append(":\n");
                Line(w, 4, "method", o.Method is { } fm ? Text(fm) : "null");
                Line(w, 4, "threshold", Number(o.Threshold));
            }
        }

        if (m.DomainClassifierThreshold is { } domain)
        {
            w.Append("  multivariate:\n");
            Line(w, 2, "threshold", Number(domain));
        }
        else
        {
            Line(w, 1, "multivariate", ReadMonitoringSection.Off);
        }

        if (m.CalibrationDelta is { } calibration)
        {
            w.Append("  calibration:\n");
            Line(w, 2, "delta", Number(calibration));
        }
        else
        {
            Line(w, 1, "calibration", ReadMonitoringSection.Off);
        }

        w.Append(m.Alerts.Count == 0 ? "  alerts: []\n" : "  alerts:\n");
        foreach (AlertRule rule in m.Alerts)
        {
            w.Append("    - name: ").Append(Text(rule.Name)).Append('\n');
            Line(w, 3, "kind", ReadMonitoringSection.AlertKinds.Of(rule.Kind));
            if (rule.Kind == AlertKind.RealisedAucDrop)
            {
                Line(w, 3, "delta", Number(rule.Delta));
                Line(w, 3, "min_labels", Number(rule.MinLabels));
            }
            else if (rule.Kind == AlertKind.EstimatedAucBelow)
            {
                Line(w, 3, "floor", Number(rule.Floor));
            }
        }

        if (m.Retraining is not { } r)
        {
            Line(w, 1, "retraining", "null");
            return;
        }

        w.Append("  retraining:\n");
        w.Append("    triggers:\n");
        if (r.DatasetDrift is { } d)
        {
            w.Append("      dataset_drift:\n");
            Line(w, 4, "windows", Number(d.Windows));
            Line(w, 4, "of_last", Number(d.OfLast));
        }
        else
        {
            Line(w, 3, "dataset_drift", "null");
        }

        if (r.RealisedAucDrop is { } a)
        {
            w.Append("      realised_auc_drop:\n");
            Line(w, 4, "delta", Number(a.Delta));
            Line(w, 4, "min_labels", Number(a.MinLabels));
        }
        else
        {
            Line(w, 3, "realised_auc_drop", "null");
        }

        Line(w, 3, "estimated_auc_below", Number(r.EstimatedAucFloor));
        Line(w, 3, "every_days", Number(r.EveryDays));
        Line(w, 2, "cooldown_days", Number(r.CooldownDays));
        Line(w, 2, "data", r.Data is { } data ? Text(data) : "null");
        Line(w, 2, "require_approval", r.RequireApproval ? "true" : "false");
    }

    private static void Line(StringBuilder w, int depth, string key, string value) =>
        w.Append(' ', depth * 2).Append(key).Append(": ").Append(value).Append('\n');

    private static string Flow(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    /// <summary>Shortest text that reads back as the same double ("0.6", "60", "1E-05").</summary>
    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    /// <summary>
    /// Plain when a YAML reader cannot take it for anything but this string; double-quoted otherwise, so that
    /// "null", "true", "2024" or a path with ": " in it read back as the string they are.
    /// </summary>
    private static string Text(string value)
    {
        if (PlainSafe().IsMatch(value) && !s_reserved.Contains(value))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Words YAML 1.1 readers take for null or booleans.</summary>
    private static readonly HashSet<string> s_reserved = new(["null", "true", "false", "yes", "no", "on", "off", "y", "n"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainSafe();
}

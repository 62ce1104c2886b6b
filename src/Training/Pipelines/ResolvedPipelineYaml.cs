using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

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
        return w.ToString();
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

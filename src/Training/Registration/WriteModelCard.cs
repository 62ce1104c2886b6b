using System.Globalization;
using System.Text;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Registration;

/// <summary>
/// card.md: a model card in the spirit of Mitchell et al. (2019), written for the people who must trust the
/// model (HR, auditors, employees' representatives) as much as for data scientists: what it is for and not for,
/// what it was trained on, how well it does beside the base rate, how it does per group, and how to reproduce it.
/// </summary>
public static class WriteModelCard
{
    public static string Run(string name, int version, RunRecord run, string pipelineFile)
    {
        var sb = new StringBuilder();
        EvaluationMetrics test = run.Test!;
        EvaluationMetrics? oracle = run.Oracle;
        string task = run.Task == "dropout" ? "drop-out" : "pair success";
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Model card: {name} version {version}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Predicts the probability of **{task}** for a mentee–mentor pair in an internal mentoring or coaching programme, from the two profiles and the programme's history as of {(run.Task == "dropout" ? "a fixed number of days after the match" : "the match date")}.");
        sb.AppendLine();
        sb.AppendLine("## Intended use");
        sb.AppendLine();
        sb.AppendLine("- Proposals for a person to review: ranking candidate mentors for a mentee, flagging pairs that may need support.");
        sb.AppendLine("- Monitoring programme health in aggregate.");
        sb.AppendLine();
        sb.AppendLine("## Out of scope");
        sb.AppendLine();
        sb.AppendLine("- Automatic decisions about employees: who may join a programme, who is assigned without review, any effect on pay, evaluation, promotion or employment. This is high-risk AI under the EU AI Act (Annex III, employment); a person decides.");
        sb.AppendLine("- Programmes, companies or periods unlike the training data below; individual performance assessment.");
        sb.AppendLine();
        sb.AppendLine("## Training data");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Labels: {run.Labels}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Training cohorts: {string.Join(", ", run.Split!.TrainCohorts)} ({run.Split.Train.Rows:N0} pairs, {run.Split.Train.PositiveRate:P1} positive)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Test cohorts (the latest, held out): {string.Join(", ", run.Split.TestCohorts)} ({run.Split.Test.Rows:N0} pairs, {run.Split.Test.PositiveRate:P1} positive)");
        foreach (DataFileDigest d in run.DataFiles)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- `{d.File}`: {d.Rows:N0} rows, sha256 `{d.Sha256}`");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"- Features ({run.Features.Count + run.AuditFeatures.Count}): {string.Join(", ", run.Features)}");
        if (run.AuditFeatures.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- **Audit-only attributes used as features** (allow_audit_features): {string.Join(", ", run.AuditFeatures)}. Check that this is lawful and intended.");
        }

        sb.AppendLine();
        sb.AppendLine("## Performance on the held-out cohorts");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Chosen by the cross-validated {run.Search!.Metric} among {run.Search.Candidates} candidates: {run.Chosen!.Trainer}, Platt-calibrated, decision threshold {F(run.Chosen.Threshold)} (chosen on out-of-fold predictions).");
        sb.AppendLine();
        MetricIntervals? ci = run.Intervals;
        sb.AppendLine(oracle is null ? "| metric | model | 95% interval | base rate |" : "| metric | model | 95% interval | base rate | oracle (true probabilities) |");
        sb.AppendLine(oracle is null ? "|---|---|---|---|" : "|---|---|---|---|---|");
        void Row(string metric, double model, string baseline, double? o, Interval? interval = null) =>
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {F(model)} | {(interval is null || double.IsNaN(interval.Low) ? "" : $"[{F(interval.Low)}, {F(interval.High)}]")} | {baseline} |{(oracle is null ? "" : $" {F(o)} |")}");
        Row("AUC-ROC", test.RocAuc, "0.5", oracle?.RocAuc, ci?.RocAuc);
        Row("PR-AUC", test.PrAuc, F(test.BaseRate), oracle?.PrAuc, ci?.PrAuc);
        Row("Brier score", test.Brier, F(test.BaseRateBrier), oracle?.Brier, ci?.Brier);
        Row("Brier skill score vs the base rate", test.BrierSkill, "0", oracle?.BrierSkill, ci?.BrierSkill);
        Row("log-loss", test.LogLoss, "", oracle?.LogLoss, ci?.LogLoss);
        Row("expected calibration error (10 bins)", test.Ece, "", oracle?.Ece, ci?.Ece);
        Row($"F1 at {F(test.AtThreshold.Threshold)}", test.AtThreshold.F1, "", oracle?.AtThreshold.F1);
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{run.Verdict}");
        sb.AppendLine();
        sb.AppendLine("## Fairness");
        sb.AppendLine();
        FairnessReport? fairness = run.Fairness;
        if (fairness is null || fairness.Attributes.Count == 0)
        {
            sb.AppendLine("No fairness attribute was assessed.");
        }
        else
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Per group on the test cohorts; groups under {fairness.MinGroupSize} rows are reported as too small, not as numbers.");
            sb.AppendLine();
            sb.AppendLine("| attribute | groups (too small) | AUC gap | selection-rate gap (demographic parity) | equalized odds difference | positive-rate gap | calibration gap |");
            sb.AppendLine("|---|---|---|---|---|---|---|");
            foreach (AttributeFairness a in fairness.Attributes)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {a.Attribute}{(a.AuditOnly ? " (audit)" : "")} | {a.Groups.Count} ({a.Groups.Count(g => g.TooSmall)}) | {Gap(a, FairnessMetric.Auc)} | {Gap(a, FairnessMetric.SelectionRate)} | {Gap(a, FairnessMetric.EqualizedOdds)} | {Gap(a, FairnessMetric.PositiveRate)} | {Gap(a, FairnessMetric.Calibration)} |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Gates");
        sb.AppendLine();
        foreach (GateCheck check in run.Gates!.Checks)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {check.Gate}: {(check.Outcome == Gates.GateOutcome.Fail ? "FAIL" : Gates.WeighEvidence.Word(check.Outcome))} ({check.Detail})");
        }

        sb.AppendLine();
        sb.AppendLine("## Known limitations");
        sb.AppendLine();
        sb.AppendLine("- Learned from one organisation's past matches: it reflects who was matched with whom then, including any bias in those choices, and says nothing about pairs unlike them.");
        sb.AppendLine("- Probabilities are calibrated on the training cohorts; programmes change, so calibration drifts. Monitoring compares live inputs and outcomes with the training data.");
        foreach (string w in run.Warnings)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {w}");
        }

        sb.AppendLine();
        sb.AppendLine("## How to reproduce");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run `{run.RunId}` at git commit `{run.GitCommit ?? "unknown"}`, pipeline digest `{run.PipelineDigest}`, seed {run.Seed}. The resolved pipeline is `{pipelineFile}` in this folder:");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(CultureInfo.InvariantCulture, $"matchmodels train {pipelineFile} --data <folder with the files above> --seed {run.Seed}");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine(run.Search.Budget.EndsWith("trials", StringComparison.Ordinal)
            ? "The search ran a fixed number of trials, so the same data and seed give the same metrics and the same model."
            : "The search ran under a time budget, so a rerun may try a different number of candidates; add `--trials N` for a run that repeats exactly.");
        return sb.ToString();
    }

    private static string Gap(AttributeFairness a, FairnessMetric metric) =>
        a.Gap(metric) is { } g
            ? $"{F(g.Gap)}{(g.Low is { } lo && g.High is { } hi ? $" [{F(lo)}, {F(hi)}]" : "")} ({g.LowGroup} {F(g.LowValue)} vs {g.HighGroup} {F(g.HighValue)})"
            : "not assessable";

    private static string F(double? x) => x is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}

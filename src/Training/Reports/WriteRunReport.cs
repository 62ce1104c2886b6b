using System.Globalization;
using System.Net;
using System.Text;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Search;

namespace MatchModels.Training.Reports;

/// <summary>
/// Writes the evaluation report of one training run as a single self-contained HTML file: charts are PNGs embedded as
/// base64 data URIs and the style sheet is inline, so the file reads the same offline, attached to an e-mail, or years later.
/// Every string from the input is HTML-encoded.
/// </summary>
public static class WriteRunReport
{
    private const string Style = """
        body { font-family: system-ui, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 0; background: #f6f7f9; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e3e6ea; }
        h3 { font-size: 16px; margin: 22px 0 8px; }
        .subtitle { color: #555; margin: 0 0 18px; }
        .verdict { padding: 14px 18px; border-radius: 6px; font-size: 17px; margin: 12px 0 18px; border: 2px solid; }
        .verdict-useful { background: #e8f5e9; border-color: #2e7d32; color: #1b5e20; }
        .verdict-weak { background: #fff8e1; border-color: #f9a825; color: #6d4c00; }
        .verdict-none { background: #fdecea; border-color: #c62828; color: #8e0000; font-weight: 600; }
        .warnings { background: #fff8e1; border-left: 5px solid #f9a825; padding: 8px 16px 8px 32px; margin: 0; }
        .warnings li { margin: 4px 0; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-size: 14px; }
        th, td { border: 1px solid #d9dde3; padding: 5px 10px; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.too-small td { color: #888; font-style: italic; }
        tr.chosen td { background: #e8f5e9; font-weight: 600; }
        .badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; margin-left: 8px; vertical-align: middle; }
        .badge-audit { background: #ede7f6; color: #4527a0; border: 1px solid #b39ddb; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
        figure { margin: 0; }
        figure img { width: 100%; max-width: 560px; height: auto; border: 1px solid #e3e6ea; }
        figcaption { font-size: 13px; color: #555; margin-top: 4px; max-width: 560px; }
        .note { font-size: 13px; color: #555; }
        td.pass { color: #1b5e20; font-weight: 600; }
        td.fail { color: #8e0000; font-weight: 600; }
        td.inconclusive { color: #6d4c00; font-weight: 600; }
        footer { margin-top: 40px; font-size: 12px; color: #888; }
        """;

    /// <summary>The whole report as one HTML document.</summary>
    public static string ToHtml(RunReportInput input)
    {
        Check(input);
        var html = new StringBuilder(capacity: 256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(input.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");

        Header(html, input);
        Verdict(html, ModelSkill.Assess(input.Test));
        Warnings(html, input.Warnings);
        GatesSection(html, input.Gates);
        Headline(html, input.Test, input.Oracle, input.Intervals);
        Charts(html, input);
        FairnessSection(html, input.Fairness);
        Leaderboard(html, input.Leaderboard, input.SelectionMetric);
        RunFacts(html, input.Run);

        html.Append("<footer>Written by MatchModels for model ").Append(Encode(input.ModelName))
            .Append(", run of ").Append(Encode(Timestamp(input.CreatedAtUtc))).Append(".</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes <see cref="ToHtml"/> to <paramref name="path"/>, beside it first and then renamed, so a reader never opens half a report.</summary>
    public static async Task ToFileAsync(RunReportInput input, string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string html = ToHtml(input);
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Check(RunReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Test);
        ArgumentNullException.ThrowIfNull(input.TestScores);
        ArgumentNullException.ThrowIfNull(input.TestLabels);
        ArgumentNullException.ThrowIfNull(input.Fairness);
        if (input.TestScores.Length != input.TestLabels.Length)
        {
            throw new ArgumentException(
                $"The report has {input.TestScores.Length} test scores but {input.TestLabels.Length} test labels.", nameof(input));
        }
    }

    private static void Header(StringBuilder html, RunReportInput input)
    {
        html.Append("<h1>").Append(Encode(input.Title)).Append("</h1>\n")
            .Append("<p class=\"subtitle\">Model <strong>").Append(Encode(input.ModelName)).Append("</strong> · ")
            .Append(Encode(Timestamp(input.CreatedAtUtc))).Append(" · selected by <strong>")
            .Append(Encode(input.SelectionMetric)).Append("</strong> · ")
            .Append(input.Test.Rows.ToString(CultureInfo.InvariantCulture)).Append(" test rows</p>\n");
    }

    private static void Verdict(StringBuilder html, SkillAssessment skill)
    {
        string css = skill.Verdict switch
        {
            SkillVerdict.Useful => "verdict-useful",
            SkillVerdict.Weak => "verdict-weak",
            _ => "verdict-none",
        };
        html.Append("<div class=\"verdict ").Append(css).Append("\" role=\"status\">")
            .Append(Encode(skill.Sentence)).Append("</div>\n");
    }

    private static void Warnings(StringBuilder html, IReadOnlyList<string> warnings)
    {
        html.Append("<h2>Warnings</h2>\n");
        if (warnings.Count == 0)
        {
            html.Append("<p class=\"note\">None.</p>\n");
            return;
        }

        html.Append("<ul class=\"warnings\">\n");
        foreach (string warning in warnings)
        {
            html.Append("<li>").Append(Encode(warning)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void GatesSection(StringBuilder html, Runs.GateResult? gates)
    {
        html.Append("<h2>Gates</h2>\n");
        if (gates is null || gates.Checks.Count == 0)
        {
            html.Append("<p class=\"note\">The pipeline sets no gate.</p>\n");
            return;
        }

        html.Append("<p>Overall: <strong>").Append(Encode(Gates.WeighEvidence.Word(gates.Outcome))).Append("</strong>. ")
            .Append("A gate passes when its 95% interval lies wholly on the right side of the threshold, fails when wholly on the wrong side, ")
            .Append("and is inconclusive otherwise; an inconclusive version is registered but waits for a person to promote it.</p>\n")
            .Append("<table class=\"gates\">\n<tr><th>Gate</th><th>Outcome</th><th class=\"num\">Estimate</th><th class=\"num\">95% interval</th>")
            .Append("<th class=\"num\">Threshold</th><th>Detail</th></tr>\n");
        foreach (Runs.GateCheck check in gates.Checks)
        {
            string word = Gates.WeighEvidence.Word(check.Outcome);
            html.Append("<tr><td>").Append(Encode(check.Gate)).Append("</td><td class=\"").Append(word).Append("\">").Append(word)
                .Append("</td><td class=\"num\">").Append(check.Estimate is null ? "" : Number(check.Estimate))
                .Append("</td><td class=\"num\">").Append(check.Low is { } lo && check.High is { } hi ? $"[{Number(lo)}, {Number(hi)}]" : "")
                .Append("</td><td class=\"num\">").Append(check.Threshold is null ? "" : Number(check.Threshold))
                .Append("</td><td>").Append(Encode(check.Detail)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Headline(StringBuilder html, EvaluationMetrics test, EvaluationMetrics? oracle, MetricIntervals? intervals)
    {
        double p = test.BaseRate;
        html.Append("<h2>Test metrics</h2>\n<table class=\"metrics\">\n<tr><th>Metric</th><th class=\"num\">Test</th>");
        if (intervals is not null)
        {
            html.Append("<th class=\"num\">95% interval</th>");
        }

        if (oracle is not null)
        {
            html.Append("<th class=\"num\">Oracle</th>");
        }

        html.Append("<th class=\"num\">Always predicting the base rate</th></tr>\n");

        void Row(string name, Func<EvaluationMetrics, string> value, string baseline, Interval? interval = null)
        {
            html.Append("<tr><td>").Append(Encode(name)).Append("</td><td class=\"num\">").Append(Encode(value(test))).Append("</td>");
            if (intervals is not null)
            {
                html.Append("<td class=\"num\">").Append(interval is null || double.IsNaN(interval.Low) ? "" : $"[{Number(interval.Low)}, {Number(interval.High)}]").Append("</td>");
            }

            if (oracle is not null)
            {
                html.Append("<td class=\"num\">").Append(Encode(value(oracle))).Append("</td>");
            }

            html.Append("<td class=\"num\">").Append(Encode(baseline)).Append("</td></tr>\n");
        }

        Row("Rows", m => Count(m.Rows), Count(test.Rows));
        Row("Positives", m => Count(m.Positives), Count(test.Positives));
        Row("Base rate", m => Number(m.BaseRate), Number(p));
        Row("ROC AUC", m => Number(m.RocAuc), Number(0.5), intervals?.RocAuc);
        Row("PR AUC (average precision)", m => Number(m.PrAuc), Number(p), intervals?.PrAuc);
        Row("Log loss", m => Number(m.LogLoss), Number(ConstantLogLoss(p)), intervals?.LogLoss);
        Row("Brier score", m => Number(m.Brier), Number(test.BaseRateBrier), intervals?.Brier);
        Row("Brier skill score vs the base rate", m => Number(m.BrierSkill), Number(0), intervals?.BrierSkill);
        Row("Expected calibration error", m => Number(m.Ece), Number(0), intervals?.Ece);
        if (oracle is not null && intervals?.OracleRatio is { } ratio)
        {
            Row("Test AUC / oracle AUC", _ => Number(ratio.Estimate), "", ratio);
        }

        Row("Threshold (chosen on validation)", m => Number(m.AtThreshold.Threshold), "");
        Row("Precision", m => Number(m.AtThreshold.Precision), "");
        Row("Recall", m => Number(m.AtThreshold.Recall), "");
        Row("F1", m => Number(m.AtThreshold.F1), "");
        Row("Accuracy", m => Number(m.AtThreshold.Accuracy), Number(Math.Max(p, 1 - p)));
        Row(
            "TP / FP / TN / FN",
            m => Invariant($"{m.AtThreshold.TruePositives} / {m.AtThreshold.FalsePositives} / {m.AtThreshold.TrueNegatives} / {m.AtThreshold.FalseNegatives}"),
            "");
        html.Append("</table>\n<p class=\"note\">The last column is what a model that always predicts the test base rate would score: ")
            .Append("a model must beat it to be worth using. Accuracy there is that of always predicting the majority class.");
        if (oracle is not null)
        {
            html.Append(" The oracle column is the reference supplied with this run, for comparison.");
        }

        if (intervals is not null)
        {
            html.Append(" Intervals: ").Append(Encode(intervals.Method)).Append(", ").Append(Count(intervals.Resamples))
                .Append(" resamples, seed ").Append(Count(intervals.Seed)).Append(" (2.5th to 97.5th percentile).");
        }

        html.Append("</p>\n");
    }

    private static void Charts(StringBuilder html, RunReportInput input)
    {
        double[] scores = input.TestScores;
        bool[] labels = input.TestLabels;
        bool hasRows = scores.Length > 0;
        IReadOnlyList<RocPoint> roc = hasRows ? BinaryMetrics.RocCurve(scores, labels) : [];
        IReadOnlyList<PrPoint> pr = hasRows ? BinaryMetrics.PrCurve(scores, labels) : [];
        IReadOnlyList<ReliabilityBin> bins = hasRows ? BinaryMetrics.Reliability(scores, labels, EvaluateScores.CalibrationBins) : [];

        html.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        Figure(html, RunReportCharts.Roc(roc, input.Test.RocAuc), "ROC curve",
            "How the true positive rate grows with the false positive rate as the threshold falls. The dashed diagonal is a model that ranks at random.");
        Figure(html, RunReportCharts.PrecisionRecall(pr, input.Test.PrAuc, input.Test.BaseRate), "Precision-recall curve",
            "Precision at each recall. The dashed line is the base rate: the precision of flagging pairs at random.");
        Figure(html, RunReportCharts.Reliability(bins, input.Test.Ece), "Reliability diagram",
            "Observed positive rate against mean predicted probability in ten equal-width bins; labels give the rows in each bin. Points on the diagonal are well calibrated.");
        Figure(html, RunReportCharts.Importance(input.Importance), "Permutation importance",
            "How much the test ROC AUC drops when one feature is shuffled; error bars are one standard deviation over repeats.");
        Figure(html, RunReportCharts.ScoreDistributions(scores, labels), "Score distributions",
            "Scores of positive and negative test rows, each as a share of its class. The less they overlap, the better the model separates them.");
        html.Append("</div>\n");
    }

    private static void Figure(StringBuilder html, byte[] png, string alt, string caption)
    {
        html.Append("<figure><img alt=\"").Append(Encode(alt)).Append("\" width=\"")
            .Append(RunReportCharts.Width.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"")
            .Append(RunReportCharts.Height.ToString(CultureInfo.InvariantCulture)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>\n");
    }

    private static void FairnessSection(StringBuilder html, FairnessReport fairness)
    {
        html.Append("<h2>Fairness</h2>\n<p class=\"note\">Per group: rows, observed positive rate, mean predicted probability, ")
            .Append("AUC within the group, calibration gap (mean predicted − positive rate; positive means the model over-predicts), ")
            .Append("and at the decision threshold the selection rate, true-positive rate and false-positive rate. ")
            .Append("Groups with fewer than ").Append(Count(fairness.MinGroupSize))
            .Append(" rows are too small to report and are left out of the gaps. Audit-only attributes are never model features.</p>\n");
        if (fairness.Attributes.Count == 0)
        {
            html.Append("<p>No attributes were audited.</p>\n");
            return;
        }

        foreach (AttributeFairness attribute in fairness.Attributes)
        {
            html.Append("<h3>").Append(Encode(attribute.Attribute));
            if (attribute.AuditOnly)
            {
                html.Append("<span class=\"badge badge-audit\">audit only</span>");
            }

            html.Append("</h3>\n<table class=\"fairness\">\n<tr><th>Group</th><th class=\"num\">Rows</th><th class=\"num\">Positive rate</th>")
                .Append("<th class=\"num\">Mean predicted</th><th class=\"num\">AUC</th><th class=\"num\">Calibration gap</th>")
                .Append("<th class=\"num\">Selection rate</th><th class=\"num\">TPR</th><th class=\"num\">FPR</th></tr>\n");
            foreach (GroupFairness group in attribute.Groups)
            {
                if (group.TooSmall)
                {
                    html.Append("<tr class=\"too-small\"><td>").Append(Encode(group.Group)).Append("</td><td class=\"num\">")
                        .Append(Count(group.Count)).Append("</td><td colspan=\"7\">too small (fewer than ")
                        .Append(Count(fairness.MinGroupSize)).Append(" rows)</td></tr>\n");
                    continue;
                }

                html.Append("<tr><td>").Append(Encode(group.Group)).Append("</td><td class=\"num\">").Append(Count(group.Count))
                    .Append("</td><td class=\"num\">").Append(Number(group.PositiveRate))
                    .Append("</td><td class=\"num\">").Append(Number(group.MeanPredicted))
                    .Append("</td><td class=\"num\">").Append(group.Auc is null ? "one class" : Number(group.Auc))
                    .Append("</td><td class=\"num\">").Append(Signed(group.CalibrationGap))
                    .Append("</td><td class=\"num\">").Append(Number(group.SelectionRate))
                    .Append("</td><td class=\"num\">").Append(Number(group.TruePositiveRate))
                    .Append("</td><td class=\"num\">").Append(Number(group.FalsePositiveRate)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
            if (attribute.Gaps.Count == 0)
            {
                html.Append("<p class=\"note\">Not assessable: fewer than two groups are large enough to compare.</p>\n");
                continue;
            }

            html.Append("<table class=\"gaps\">\n<tr><th>Largest gap in</th><th class=\"num\">Gap</th><th class=\"num\">95% interval</th><th>Lowest</th><th>Highest</th></tr>\n");
            foreach (FairnessGap gap in attribute.Gaps)
            {
                html.Append("<tr><td>").Append(Encode(MetricName(gap.Metric))).Append("</td><td class=\"num\">").Append(Number(gap.Gap))
                    .Append("</td><td class=\"num\">").Append(gap.Low is { } lo && gap.High is { } hi ? $"[{Number(lo)}, {Number(hi)}]" : "")
                    .Append("</td><td>").Append(Encode(gap.LowGroup)).Append(" (").Append(Number(gap.LowValue))
                    .Append(")</td><td>").Append(Encode(gap.HighGroup)).Append(" (").Append(Number(gap.HighValue)).Append(")</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void Leaderboard(StringBuilder html, IReadOnlyList<LeaderboardEntry> leaderboard, string selectionMetric)
    {
        html.Append("<h2>Leaderboard</h2>\n");
        if (leaderboard.Count == 0)
        {
            html.Append("<p>No search was run.</p>\n");
            return;
        }

        html.Append("<table class=\"leaderboard\">\n<tr><th class=\"num\">Trial</th><th>Trainer</th><th>Hyperparameters</th>")
            .Append("<th class=\"num\">CV ").Append(Encode(selectionMetric)).Append(" (mean ± std)</th><th class=\"num\">Folds</th>")
            .Append("<th class=\"num\">Fit seconds</th><th>Status</th></tr>\n");
        foreach (LeaderboardEntry entry in leaderboard)
        {
            string hyperparameters = string.Join(
                ", ",
                entry.Hyperparameters
                    .OrderBy(h => h.Key, StringComparer.Ordinal)
                    .Select(h => h.Key + " = " + h.Value.ToString("G6", CultureInfo.InvariantCulture)));
            html.Append(entry.Chosen ? "<tr class=\"chosen\">" : "<tr>")
                .Append("<td class=\"num\">").Append(Count(entry.Trial)).Append("</td><td>").Append(Encode(entry.Trainer))
                .Append("</td><td>").Append(Encode(hyperparameters))
                .Append("</td><td class=\"num\">").Append(Number(entry.CvMetric)).Append(" ± ").Append(Number(entry.CvStd))
                .Append("</td><td class=\"num\">").Append(Count(entry.Folds))
                .Append("</td><td class=\"num\">").Append(entry.FitSeconds.ToString("0.0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Encode(entry.Status)).Append(entry.Chosen ? " · <strong>chosen</strong>" : "")
                .Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void RunFacts(StringBuilder html, IReadOnlyList<KeyValuePair<string, string>> run)
    {
        html.Append("<h2>Run</h2>\n<table class=\"run\">\n");
        foreach ((string key, string value) in run)
        {
            html.Append("<tr><th>").Append(Encode(key)).Append("</th><td><code>").Append(Encode(value)).Append("</code></td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string MetricName(FairnessMetric metric) => metric switch
    {
        FairnessMetric.PositiveRate => "Positive rate",
        FairnessMetric.MeanPredicted => "Mean predicted",
        FairnessMetric.Auc => "AUC",
        FairnessMetric.Calibration => "|Calibration gap|",
        FairnessMetric.SelectionRate => "Selection rate (demographic parity difference)",
        FairnessMetric.TruePositiveRate => "True-positive rate",
        FairnessMetric.FalsePositiveRate => "False-positive rate",
        FairnessMetric.EqualizedOdds => "Equalized odds difference (larger of TPR and FPR gaps)",
        _ => metric.ToString(),
    };

    /// <summary>Log loss of always predicting p on labels whose positive rate is p: the binary entropy −[p ln p + (1 − p) ln(1 − p)].</summary>
    private static double ConstantLogLoss(double p) =>
        p is <= 0 or >= 1 ? 0 : -((p * Math.Log(p)) + ((1 - p) * Math.Log(1 - p)));

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) =>
        value is double v && !double.IsNaN(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Signed(double? value) =>
        value is double v && !double.IsNaN(v) ? v.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

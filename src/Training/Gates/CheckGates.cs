using System.Globalization;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Gates;

/// <summary>
/// The pipeline's promotion gates, checked on the test set and weighed on the 95% bootstrap intervals
/// (<see cref="WeighEvidence"/>): minimum AUC, maximum ECE, minimum Brier skill, the fairness gaps, and (when a champion
/// exists) a minimum improvement on the selection metric. Gates that a pipeline leaves out are not listed; every listed
/// check says what it compared. Metrics recorded without intervals (model.json files older than them) are weighed on
/// the estimate alone, which can pass or fail but never be inconclusive.
/// </summary>
public static class CheckGates
{
    public static GateResult Run(
        GateSpec gates, SelectionMetric metric, EvaluationMetrics test, MetricIntervals? intervals, FairnessReport fairness, double? championTestMetric)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(fairness);
        var checks = new List<GateCheck>();
        if (gates.MinAuc is { } minAuc)
        {
            checks.Add(Weigh("min_auc", "test AUC", intervals?.RocAuc, test.RocAuc, minAuc, higherIsBetter: true));
        }

        if (gates.MaxEce is { } maxEce)
        {
            checks.Add(Weigh("max_ece", "test ECE", intervals?.Ece, test.Ece, maxEce, higherIsBetter: false));
        }

        if (gates.MinBrierSkill is { } minSkill)
        {
            checks.Add(Weigh("min_brier_skill", "Brier skill score vs the base rate", intervals?.BrierSkill, test.BrierSkill, minSkill, higherIsBetter: true, strictly: true));
        }

        if (gates.MaxFairnessGap is { } maxGap)
        {
            checks.Add(Fairness("max_fairness_gap", gates.FairnessMetric, fairness, maxGap));
        }

        if (gates.MaxDemographicParityDifference is { } maxDp)
        {
            checks.Add(Fairness("max_demographic_parity_difference", FairnessMetric.SelectionRate, fairness, maxDp));
        }

        if (gates.MaxEqualizedOddsDifference is { } maxEo)
        {
            checks.Add(Fairness("max_equalized_odds_difference", FairnessMetric.EqualizedOdds, fairness, maxEo));
        }

        if (gates.MinImprovement is { } margin)
        {
            checks.Add(championTestMetric is not { } champion
                ? new GateCheck("min_improvement", GateOutcome.Pass, "no champion yet: nothing to beat")
                : Improvement(metric, test, intervals, champion, margin));
        }

        return GateResult.Of(checks);
    }

    public static double Value(SelectionMetric metric, EvaluationMetrics m) => metric switch
    {
        SelectionMetric.Auc => m.RocAuc,
        SelectionMetric.PrAuc => m.PrAuc,
        SelectionMetric.LogLoss => m.LogLoss,
        _ => m.Brier,
    };

    private static Interval? IntervalOf(SelectionMetric metric, MetricIntervals? intervals) => intervals is null ? null : metric switch
    {
        SelectionMetric.Auc => intervals.RocAuc,
        SelectionMetric.PrAuc => intervals.PrAuc,
        SelectionMetric.LogLoss => intervals.LogLoss,
        _ => intervals.Brier,
    };

    /// <summary>
    /// The candidate's interval against the champion's recorded value moved by the margin. The champion's value is taken
    /// as fixed: its test rows may differ from the candidate's, so there is no paired difference to resample.
    /// </summary>
    private static GateCheck Improvement(SelectionMetric metric, EvaluationMetrics test, MetricIntervals? intervals, double champion, double margin)
    {
        double bar = metric.HigherIsBetter ? champion + margin : champion - margin;
        GateCheck check = Weigh("min_improvement", $"test {metric.YamlName}", IntervalOf(metric, intervals), Value(metric, test), bar, metric.HigherIsBetter);
        return check with { Detail = $"{check.Detail} (champion {F(champion)}, must improve by at least {F(margin)})" };
    }

    private static GateCheck Weigh(string gate, string what, Interval? interval, double estimate, double threshold, bool higherIsBetter, bool strictly = false)
    {
        estimate = interval?.Estimate ?? estimate;
        double low = interval?.Low ?? estimate, high = interval?.High ?? estimate;
        GateOutcome outcome = WeighEvidence.Decide(low, high, threshold, higherIsBetter);
        // A strict minimum ("above 0"): an interval that only touches the threshold has not cleared it.
        if (strictly && outcome == GateOutcome.Pass && low <= threshold)
        {
            outcome = GateOutcome.Inconclusive;
        }

        string bound = higherIsBetter ? (strictly ? ", must be above" : " vs minimum") : " vs maximum";
        string measured = interval is null || double.IsNaN(interval.Low)
            ? $"{F(estimate)} (no interval recorded)"
            : $"{F(estimate)}, 95% interval [{F(interval.Low)}, {F(interval.High)}]";
        return new GateCheck(gate, outcome, $"{what} {measured}{bound} {F(threshold)}", estimate, Nan(interval?.Low), Nan(interval?.High), threshold);
    }

    /// <summary>
    /// Every audited attribute must have its gap wholly at or below the maximum for a pass; one whose gap is wholly above
    /// fails the gate; one that is not assessable (fewer than two groups of the minimum size, or no value in two of them)
    /// makes it inconclusive: unmeasured is not fair. The detail names the attribute that decided.
    /// </summary>
    private static GateCheck Fairness(string gate, FairnessMetric metric, FairnessReport fairness, double max)
    {
        if (fairness.Attributes.Count == 0)
        {
            return new GateCheck(gate, GateOutcome.Inconclusive, $"no fairness attribute was assessed, so the {metric.YamlName} gap is not measured", Threshold: max);
        }

        var notAssessable = new List<string>();
        (GateOutcome Outcome, FairnessGap Gap)? deciding = null;
        foreach (AttributeFairness attribute in fairness.Attributes)
        {
            if (attribute.Gap(metric) is not { } gap)
            {
                notAssessable.Add(attribute.Attribute);
                continue;
            }

            GateOutcome outcome = WeighEvidence.Decide(gap.Low ?? gap.Gap, gap.High ?? gap.Gap, max, higherIsBetter: false);
            // The worst outcome decides; among equals, the widest gap.
            if (deciding is not { } d || outcome > d.Outcome || (outcome == d.Outcome && (gap.High ?? gap.Gap) > (d.Gap.High ?? d.Gap.Gap)))
            {
                deciding = (outcome, gap);
            }
        }

        GateOutcome result = deciding?.Outcome ?? GateOutcome.Inconclusive;
        if (notAssessable.Count > 0)
        {
            result = WeighEvidence.Worse(result, GateOutcome.Inconclusive);
        }

        var parts = new List<string>();
        if (deciding is { Gap: var g })
        {
            string interval = g.Low is { } lo && g.High is { } hi ? $", 95% interval [{F(lo)}, {F(hi)}]" : " (no interval recorded)";
            parts.Add($"{(deciding.Value.Outcome == GateOutcome.Pass ? "widest" : WeighEvidence.Word(deciding.Value.Outcome))} {metric.YamlName} gap {F(g.Gap)}{interval} ({g.Attribute}: {g.LowGroup} {F(g.LowValue)} vs {g.HighGroup} {F(g.HighValue)}) vs maximum {F(max)}");
        }

        if (notAssessable.Count > 0)
        {
            parts.Add($"not assessable (fewer than two groups of at least {fairness.MinGroupSize} rows with a {metric.YamlName}): {string.Join(", ", notAssessable)}");
        }

        return new GateCheck(gate, result, string.Join("; ", parts), deciding?.Gap.Gap, deciding?.Gap.Low, deciding?.Gap.High, max);
    }

    private static double? Nan(double? x) => x is { } v && !double.IsNaN(v) ? v : null;

    private static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}

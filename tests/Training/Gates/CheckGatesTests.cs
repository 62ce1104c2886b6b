using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Gates;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Tests.Gates;

public sealed class CheckGatesTests
{
    private static readonly FairnessReport s_noFairness = new(20, []);

    [Fact]
    public void A_model_at_the_base_rate_passes_calibration_but_never_the_skill_gate()
    {
        // 400 rows, 30% positive, every prediction the base rate plus up to 0.01 of noise unrelated to the label: the
        // scores are calibrated (ECE about 0.005) and rank at chance (AUC about 0.5), and carry no skill.
        var random = new Random(11);
        bool[] labels = [.. Enumerable.Range(0, 400).Select(i => i % 10 < 3)];
        double[] scores = [.. labels.Select(_ => 0.3 + (random.NextDouble() * 0.01))];
        EvaluationMetrics test = EvaluateScores.Run(scores, labels, threshold: 0.3);
        MetricIntervals intervals = BootstrapTestMetrics.Run(scores, labels, [], new StratifiedBootstrap(labels, seed: 42));
        var gates = new GateSpec(MinAuc: null, MaxEce: 0.05, MaxFairnessGap: null, FairnessMetric.Auc, MinImprovement: null, MinBrierSkill: 0.0);

        GateResult result = CheckGates.Run(gates, SelectionMetric.Auc, test, intervals, s_noFairness, championTestMetric: null);

        Assert.InRange(test.RocAuc, 0.4, 0.6);
        Assert.Equal(GateOutcome.Pass, Check(result, "max_ece").Outcome);
        Assert.NotEqual(GateOutcome.Pass, Check(result, "min_brier_skill").Outcome);
        Assert.NotEqual(GateOutcome.Pass, result.Outcome);
    }

    [Fact]
    public void Predictions_exactly_at_the_base_rate_only_touch_zero_skill_and_are_inconclusive()
    {
        bool[] labels = [.. Enumerable.Range(0, 100).Select(i => i % 4 == 0)];
        double[] scores = [.. labels.Select(_ => 0.25)];
        EvaluationMetrics test = EvaluateScores.Run(scores, labels, threshold: 0.5);
        MetricIntervals intervals = BootstrapTestMetrics.Run(scores, labels, [], new StratifiedBootstrap(labels, seed: 1, resamples: 100));
        var gates = GateSpec.None with { MinBrierSkill = 0.0 };

        GateCheck skill = Check(CheckGates.Run(gates, SelectionMetric.Auc, test, intervals, s_noFairness, null), "min_brier_skill");

        Assert.Equal(0, skill.Low!.Value, 12);
        Assert.Equal(0, skill.High!.Value, 12);
        Assert.Equal(GateOutcome.Inconclusive, skill.Outcome);
    }

    [Fact]
    public void Each_gate_is_weighed_on_its_interval_and_the_worst_outcome_decides()
    {
        EvaluationMetrics test = EvaluateScores.Run([0.8, 0.4, 0.3, 0.1], [true, true, false, false], threshold: 0.5);
        var intervals = new MetricIntervals("test", 1000, 1, RocAuc: new(0.75, 0.65, 0.85), PrAuc: new(0.8, 0.7, 0.9), LogLoss: new(0.5, 0.4, 0.6),
            Brier: new(0.125, 0.1, 0.15), Ece: new(0.06, 0.03, 0.09), BrierSkill: new(0.5, 0.4, 0.6), OracleRatio: null);

        GateResult passing = CheckGates.Run(GateSpec.None with { MinAuc = 0.6, MinBrierSkill = 0 }, SelectionMetric.Auc, test, intervals, s_noFairness, null);
        GateResult unsure = CheckGates.Run(GateSpec.None with { MinAuc = 0.6, MaxEce = 0.05 }, SelectionMetric.Auc, test, intervals, s_noFairness, null);
        GateResult failing = CheckGates.Run(GateSpec.None with { MinAuc = 0.9, MaxEce = 0.05 }, SelectionMetric.Auc, test, intervals, s_noFairness, null);

        Assert.Equal(GateOutcome.Pass, passing.Outcome);
        Assert.Equal(GateOutcome.Inconclusive, unsure.Outcome);
        Assert.Equal("max_ece: test ECE 0.06, 95% interval [0.03, 0.09] vs maximum 0.05", unsure.Summary(GateOutcome.Inconclusive));
        Assert.Equal(GateOutcome.Fail, failing.Outcome);
        Assert.Equal(GateOutcome.Fail, Check(failing, "min_auc").Outcome);
    }

    [Fact]
    public void Without_recorded_intervals_the_estimate_alone_decides_as_before()
    {
        EvaluationMetrics test = EvaluateScores.Run([0.8, 0.4, 0.3, 0.1], [true, true, false, false], threshold: 0.5);

        GateResult result = CheckGates.Run(GateSpec.None with { MinAuc = 0.6 }, SelectionMetric.Auc, test, intervals: null, s_noFairness, null);

        Assert.Equal(GateOutcome.Pass, result.Outcome);
        Assert.Contains("no interval recorded", result.Checks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fairness_gate_over_an_attribute_that_is_not_assessable_is_inconclusive_never_a_pass()
    {
        EvaluationMetrics test = EvaluateScores.Run([0.8, 0.4, 0.3, 0.1], [true, true, false, false], threshold: 0.5);
        var oneGroup = new AttributeFairness("site", false, [new GroupFairness("x", 30, false, 0.5, 0.5, 0.7, 0), new GroupFairness("y", 3, true, null, null, null, null)], []);
        var fairness = new FairnessReport(20, [oneGroup]);

        GateCheck check = Assert.Single(CheckGates.Run(GateSpec.None with { MaxDemographicParityDifference = 0.1 }, SelectionMetric.Auc, test, null, fairness, null).Checks);

        Assert.False(oneGroup.Assessable);
        Assert.Equal(GateOutcome.Inconclusive, check.Outcome);
        Assert.Contains("not assessable", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fairness_gap_wholly_above_its_maximum_fails_and_names_the_attribute()
    {
        EvaluationMetrics test = EvaluateScores.Run([0.8, 0.4, 0.3, 0.1], [true, true, false, false], threshold: 0.5);
        var narrow = new AttributeFairness("gender", true, [], [new FairnessGap("gender", FairnessMetric.EqualizedOdds, 0.02, "f", 0.5, "m", 0.52, 0.0, 0.05)]);
        var wide = new AttributeFairness("site", false, [], [new FairnessGap("site", FairnessMetric.EqualizedOdds, 0.3, "x", 0.4, "y", 0.7, 0.2, 0.4)]);

        GateCheck check = Assert.Single(CheckGates.Run(GateSpec.None with { MaxEqualizedOddsDifference = 0.1 }, SelectionMetric.Auc, test, null, new FairnessReport(20, [narrow, wide]), null).Checks);

        Assert.Equal(GateOutcome.Fail, check.Outcome);
        Assert.StartsWith("fail equalized_odds gap 0.3, 95% interval [0.2, 0.4] (site: x 0.4 vs y 0.7)", check.Detail, StringComparison.Ordinal);
    }

    private static GateCheck Check(GateResult result, string gate) => Assert.Single(result.Checks, c => c.Gate == gate);
}

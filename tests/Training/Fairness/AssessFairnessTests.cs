using MatchModels.Training.Fairness;

namespace MatchModels.Training.Tests.Fairness;

public sealed class AssessFairnessTests
{
    private const double Tolerance = 1e-12;

    // Nine rows. Groups of "department": a = rows 0–2, b = rows 3–5, missing = rows 6–7, c = row 8.
    private static readonly double[] s_scores = [0.2, 0.6, 0.7, 0.1, 0.5, 0.4, 0.9, 0.5, 0.8];
    private static readonly bool[] s_labels = [false, true, true, false, false, true, true, false, true];
    private static readonly string?[] s_department = ["a", "a", "a", "b", "b", "b", null, " ", "c"];

    [Fact]
    public void Reports_each_group_with_hand_checked_numbers_sorted_by_name()
    {
        FairnessReport report = AssessFairness.Run([new FairnessAttributeInput("department", false, s_department)], s_scores, s_labels, minGroupSize: 2);

        AttributeFairness department = Assert.Single(report.Attributes);
        Assert.Equal(["(missing)", "a", "b", "c"], department.Groups.Select(g => g.Group));

        // (missing): scores 0.9 (T), 0.5 (F): rate ½, mean 0.7, AUC 1, gap 0.7 − 0.5.
        AssertGroup(department.Groups[0], 2, 0.5, 0.7, 1, 0.2);

        // a: 0.2 (F), 0.6 (T), 0.7 (T): rate ⅔, mean 0.5, AUC 1, gap 0.5 − ⅔.
        AssertGroup(department.Groups[1], 3, 2.0 / 3, 0.5, 1, 0.5 - (2.0 / 3));

        // b: 0.1 (F), 0.5 (F), 0.4 (T): rate ⅓, mean ⅓, AUC ½ (0.4 beats 0.1, loses to 0.5), gap 0.
        AssertGroup(department.Groups[2], 3, 1.0 / 3, 1.0 / 3, 0.5, 0);
    }

    [Fact]
    public void Groups_below_the_minimum_are_too_small_and_carry_no_numbers()
    {
        FairnessReport report = AssessFairness.Run([new FairnessAttributeInput("department", false, s_department)], s_scores, s_labels, minGroupSize: 2);

        Assert.Equal(2, report.MinGroupSize);
        Assert.Equal(new GroupFairness("c", 1, TooSmall: true, null, null, null, null), report.Attributes[0].Groups[3]);
    }

    [Fact]
    public void Gaps_span_the_reportable_groups_and_name_them()
    {
        AttributeFairness department = AssessFairness
            .Run([new FairnessAttributeInput("department", false, s_department)], s_scores, s_labels, minGroupSize: 2)
            .Attributes[0];

        // Group c (one row, score 0.8, positive) would widen the positive-rate and mean-predicted gaps if it were counted.
        AssertGap(department.Gap(FairnessMetric.PositiveRate), 1.0 / 3, "b", 2.0 / 3, "a");
        AssertGap(department.Gap(FairnessMetric.MeanPredicted), 0.7 - (1.0 / 3), "b", 0.7, "(missing)");

        // AUC 1 ties between (missing) and a: the first in name order is named.
        AssertGap(department.Gap(FairnessMetric.Auc), 0.5, "b", 1, "(missing)");

        // |calibration gap|: (missing) 0.2, a ⅙, b 0.
        AssertGap(department.Gap(FairnessMetric.Calibration), 0.2, "b", 0.2, "(missing)");
    }

    [Fact]
    public void Selection_true_positive_and_false_positive_rates_at_the_threshold_are_hand_checked()
    {
        // Threshold 0.65 (selected when the score is at or above it):
        //   (missing): 0.9 (T) in, 0.5 (F) out → selection ½, TPR 1/1, FPR 0/1.
        //   a: 0.2 (F) out, 0.6 (T) out, 0.7 (T) in → selection ⅓, TPR ½, FPR 0/1.
        //   b: 0.1 (F), 0.5 (F), 0.4 (T) all out → selection 0, TPR 0/1, FPR 0/2.
        AttributeFairness department = AssessFairness
            .Run([new FairnessAttributeInput("department", false, s_department)], s_scores, s_labels, minGroupSize: 2, threshold: 0.65)
            .Attributes[0];

        AssertRates(department.Groups[0], 0.5, 1, 0);
        AssertRates(department.Groups[1], 1.0 / 3, 0.5, 0);
        AssertRates(department.Groups[2], 0, 0, 0);
        Assert.True(department.Assessable);

        // Demographic parity difference: ½ − 0; TPR gap 1 − 0; FPR gap 0 (all tie at 0: the first name is both ends).
        AssertGap(department.Gap(FairnessMetric.SelectionRate), 0.5, "b", 0.5, "(missing)");
        AssertGap(department.Gap(FairnessMetric.TruePositiveRate), 1, "b", 1, "(missing)");
        AssertGap(department.Gap(FairnessMetric.FalsePositiveRate), 0, "(missing)", 0, "(missing)");

        // Equalized odds difference: the larger of the two, here the TPR gap.
        AssertGap(department.Gap(FairnessMetric.EqualizedOdds), 1, "b", 1, "(missing)");
    }

    [Fact]
    public void An_attribute_with_one_reportable_group_is_not_assessable_and_has_no_gaps()
    {
        AttributeFairness site = AssessFairness
            .Run([new FairnessAttributeInput("site", false, ["x", "x", "x", "x", "x", "x", "x", "y", "z"])], s_scores, s_labels, minGroupSize: 3)
            .Attributes[0];

        Assert.False(site.Assessable);
        Assert.Empty(site.Gaps);
    }

    [Fact]
    public void Gap_intervals_are_seeded_hold_their_estimate_and_repeat_exactly()
    {
        var random = new Random(3);
        bool[] labels = [.. Enumerable.Range(0, 200).Select(_ => random.NextDouble() < 0.4)];
        double[] scores = [.. labels.Select(l => Math.Clamp((l ? 0.55 : 0.4) + ((random.NextDouble() - 0.5) * 0.4), 0, 1))];
        string?[] groups = [.. Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z")];
        FairnessReport Run(int seed) => AssessFairness.Run(
            [new FairnessAttributeInput("site", false, groups)], scores, labels, minGroupSize: 20, threshold: 0.5, new MatchModels.Training.Evaluation.StratifiedBootstrap(labels, seed, resamples: 200));

        FairnessReport first = Run(42), again = Run(42), other = Run(43);

        Assert.Equal(first.Attributes[0].Gaps, again.Attributes[0].Gaps);
        Assert.NotEqual(first.Attributes[0].Gaps, other.Attributes[0].Gaps);
        Assert.All(first.Attributes[0].Gaps, g =>
        {
            Assert.NotNull(g.Low);
            Assert.InRange(g.Gap, g.Low!.Value, g.High!.Value);
            Assert.True(g.Low >= 0);
        });
    }

    [Fact]
    public void The_default_minimum_of_twenty_leaves_a_small_set_with_no_gaps()
    {
        FairnessReport report = AssessFairness.Run([new FairnessAttributeInput("department", false, s_department)], s_scores, s_labels);

        Assert.Equal(20, report.MinGroupSize);
        Assert.All(report.Attributes[0].Groups, g => Assert.True(g.TooSmall));
        Assert.Empty(report.Attributes[0].Gaps);
        Assert.Null(report.LargestGap(FairnessMetric.PositiveRate));
    }

    [Fact]
    public void A_group_with_one_class_has_no_auc_and_is_left_out_of_the_auc_gap_only()
    {
        // x: 0.2 (F), 0.4 (F) → no AUC; y: 0.3 (F), 0.9 (T) → AUC 1; z: 0.6 (F), 0.5 (T) → AUC 0.
        FairnessReport report = AssessFairness.Run(
            [new FairnessAttributeInput("site", false, ["x", "x", "y", "y", "z", "z"])],
            [0.2, 0.4, 0.3, 0.9, 0.6, 0.5],
            [false, false, false, true, false, true],
            minGroupSize: 2);

        AttributeFairness site = report.Attributes[0];
        Assert.Null(site.Groups[0].Auc);
        Assert.Equal(0, site.Groups[0].PositiveRate);
        AssertGap(site.Gap(FairnessMetric.Auc), 1, "z", 1, "y");
        AssertGap(site.Gap(FairnessMetric.PositiveRate), 0.5, "x", 0.5, "y");
    }

    [Fact]
    public void Largest_gap_picks_the_attribute_with_the_widest_spread()
    {
        FairnessReport report = AssessFairness.Run(
            [
                new FairnessAttributeInput("department", false, s_department),
                new FairnessAttributeInput("gender", true, ["f", "m", "f", "m", "f", "m", "f", "m", "f"]),
            ],
            s_scores,
            s_labels,
            minGroupSize: 2);

        // gender: f = rows 0,2,4,6,8 → rate 3/5; m = rows 1,3,5,7 → rate 2/4. Gap 0.1, below department's ⅓.
        Assert.True(report.Attributes[1].AuditOnly);
        Assert.Equal(0.1, report.Attributes[1].Gap(FairnessMetric.PositiveRate)!.Gap, Tolerance);
        FairnessGap largest = report.LargestGap(FairnessMetric.PositiveRate)!;
        Assert.Equal("department", largest.Attribute);
        Assert.Equal(1.0 / 3, largest.Gap, Tolerance);
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AssessFairness.Run([new FairnessAttributeInput("site", false, ["x"])], s_scores, s_labels));
        Assert.Throws<ArgumentException>(() => AssessFairness.Run(
            [new FairnessAttributeInput("site", false, s_department), new FairnessAttributeInput("site", false, s_department)],
            s_scores,
            s_labels));
        Assert.Throws<ArgumentOutOfRangeException>(() => AssessFairness.Run([], s_scores, s_labels, minGroupSize: 0));
    }

    private static void AssertGroup(GroupFairness group, int count, double positiveRate, double meanPredicted, double auc, double calibrationGap)
    {
        Assert.False(group.TooSmall);
        Assert.Equal(count, group.Count);
        Assert.Equal(positiveRate, group.PositiveRate!.Value, Tolerance);
        Assert.Equal(meanPredicted, group.MeanPredicted!.Value, Tolerance);
        Assert.Equal(auc, group.Auc!.Value, Tolerance);
        Assert.Equal(calibrationGap, group.CalibrationGap!.Value, Tolerance);
    }

    private static void AssertRates(GroupFairness group, double selection, double truePositive, double falsePositive)
    {
        Assert.Equal(selection, group.SelectionRate!.Value, Tolerance);
        Assert.Equal(truePositive, group.TruePositiveRate!.Value, Tolerance);
        Assert.Equal(falsePositive, group.FalsePositiveRate!.Value, Tolerance);
    }

    private static void AssertGap(FairnessGap? gap, double size, string low, double high, string highGroup)
    {
        Assert.NotNull(gap);
        Assert.Equal(size, gap.Gap, Tolerance);
        Assert.Equal(low, gap.LowGroup);
        Assert.Equal(highGroup, gap.HighGroup);
        Assert.Equal(high, gap.HighValue, Tolerance);
    }
}

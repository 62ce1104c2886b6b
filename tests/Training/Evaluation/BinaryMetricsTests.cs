using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    private const double Tolerance = 1e-12;

    // Five rows used by several tests; worked on paper in each test.
    private static readonly double[] s_fiveScores = [0.9, 0.8, 0.7, 0.6, 0.5];
    private static readonly bool[] s_fiveLabels = [true, false, true, false, false];

    [Fact]
    public void Auc_counts_positive_negative_pairs_ranked_correctly()
    {
        // Pairs (positive, negative): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right → 3/4.
        double auc = BinaryMetrics.RocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        Assert.Equal(0.75, auc, Tolerance);
    }

    [Fact]
    public void Auc_gives_half_a_pair_for_each_tie()
    {
        // Pairs: (0.5, 0.5) tie → ½, (0.5, 0.2) right → 1, (0.9, 0.5) right, (0.9, 0.2) right → 3.5 / 4.
        double auc = BinaryMetrics.RocAuc([0.5, 0.5, 0.9, 0.2], [true, false, true, false]);

        Assert.Equal(0.875, auc, Tolerance);
    }

    [Fact]
    public void Auc_of_all_tied_scores_is_one_half()
    {
        Assert.Equal(0.5, BinaryMetrics.RocAuc([0.3, 0.3, 0.3], [true, false, false]), Tolerance);
    }

    [Fact]
    public void Auc_is_nan_when_one_class_is_absent()
    {
        Assert.True(double.IsNaN(BinaryMetrics.RocAuc([0.1, 0.9], [true, true])));
        Assert.True(double.IsNaN(BinaryMetrics.RocAuc([0.1, 0.9], [false, false])));
    }

    [Fact]
    public void Average_precision_sums_precision_at_each_recall_step()
    {
        // Thresholds down: 0.9 → P 1, R ½; 0.8 → R unchanged; 0.7 → P 2/3, R 1. AP = ½·1 + ½·⅔ = 5/6.
        double ap = BinaryMetrics.AveragePrecision(s_fiveScores, s_fiveLabels);

        Assert.Equal(5.0 / 6.0, ap, Tolerance);
    }

    [Fact]
    public void Average_precision_treats_tied_scores_as_one_step()
    {
        // 0.8 (one positive, one negative together) → P ½, R ½; 0.3 → P 2/3, R 1. AP = ½·½ + ½·⅔ = 7/12.
        double ap = BinaryMetrics.AveragePrecision([0.8, 0.8, 0.3], [true, false, true]);
        double swapped = BinaryMetrics.AveragePrecision([0.8, 0.8, 0.3], [false, true, true]);

        Assert.Equal(7.0 / 12.0, ap, Tolerance);
        Assert.Equal(ap, swapped, Tolerance);
    }

    [Fact]
    public void Average_precision_is_nan_without_positives()
    {
        Assert.True(double.IsNaN(BinaryMetrics.AveragePrecision([0.2, 0.4], [false, false])));
    }

    [Fact]
    public void Brier_and_log_loss_match_hand_computation()
    {
        double[] scores = [0.2, 0.7, 0.9];
        bool[] labels = [false, true, false];

        // Brier: (0.2² + 0.3² + 0.9²) / 3 = (0.04 + 0.09 + 0.81) / 3.
        Assert.Equal(0.94 / 3, BinaryMetrics.Brier(scores, labels), Tolerance);

        // Log loss: −(ln 0.8 + ln 0.7 + ln 0.1) / 3 = (0.223144 + 0.356675 + 2.302585) / 3.
        Assert.Equal(0.960801, BinaryMetrics.LogLoss(scores, labels), 6);
    }

    [Fact]
    public void Log_loss_clips_certain_mistakes_to_a_finite_cost()
    {
        // A score of 0 for a positive costs −ln(1e-15) = 34.5388, not infinity.
        Assert.Equal(34.538776, BinaryMetrics.LogLoss([0.0], [true]), 5);
    }

    [Fact]
    public void Base_rate_brier_is_p_times_one_minus_p_and_equals_the_brier_of_the_constant_forecast()
    {
        bool[] labels = [false, true, false];

        Assert.Equal(2.0 / 9.0, BinaryMetrics.BaseRateBrier(labels), Tolerance);
        Assert.Equal(BinaryMetrics.Brier([1.0 / 3, 1.0 / 3, 1.0 / 3], labels), BinaryMetrics.BaseRateBrier(labels), Tolerance);
    }

    [Fact]
    public void Ece_weights_each_bin_gap_by_its_share_of_rows()
    {
        double[] scores = [0.05, 0.15, 0.85, 0.95];
        bool[] labels = [false, true, true, true];

        // Two bins: [0, ½) mean 0.1 vs rate ½ → 0.4; [½, 1] mean 0.9 vs rate 1 → 0.1. ECE = ½·0.4 + ½·0.1.
        Assert.Equal(0.25, BinaryMetrics.ExpectedCalibrationError(scores, labels, bins: 2), Tolerance);

        // Ten bins, one row each: (0.05 + 0.85 + 0.15 + 0.05) / 4.
        Assert.Equal(0.275, BinaryMetrics.ExpectedCalibrationError(scores, labels), Tolerance);
    }

    [Fact]
    public void Reliability_leaves_out_empty_bins_and_puts_one_in_the_last_bin()
    {
        // Binary fractions keep the means exact: (0.0625 + 0.1875) / 2 = 0.125 and (0.875 + 1) / 2 = 0.9375.
        IReadOnlyList<ReliabilityBin> bins = BinaryMetrics.Reliability([0.0625, 0.1875, 1.0, 0.875], [false, true, true, false], bins: 4);

        Assert.Equal(
            [
                new ReliabilityBin(0, 0.25, 2, 0.125, 0.5),
                new ReliabilityBin(0.75, 1, 2, 0.9375, 0.5),
            ],
            bins);
    }

    [Fact]
    public void Roc_curve_steps_through_distinct_scores_and_encloses_the_auc()
    {
        IReadOnlyList<RocPoint> curve = BinaryMetrics.RocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        Assert.Equal(
            [
                new RocPoint(0, 0, double.PositiveInfinity),
                new RocPoint(0, 0.5, 0.8),
                new RocPoint(0.5, 0.5, 0.4),
                new RocPoint(0.5, 1, 0.35),
                new RocPoint(1, 1, 0.1),
            ],
            curve);
        Assert.Equal(0.75, Trapezoid(curve), Tolerance);
    }

    [Fact]
    public void Roc_curve_area_equals_auc_with_ties()
    {
        double[] scores = [0.5, 0.5, 0.9, 0.2, 0.5, 0.2];
        bool[] labels = [true, false, true, false, false, true];

        Assert.Equal(BinaryMetrics.RocAuc(scores, labels), Trapezoid(BinaryMetrics.RocCurve(scores, labels)), Tolerance);
    }

    [Fact]
    public void Pr_curve_gives_precision_and_recall_at_each_distinct_score()
    {
        IReadOnlyList<PrPoint> curve = BinaryMetrics.PrCurve([0.8, 0.8, 0.3], [true, false, true]);

        Assert.Equal([new PrPoint(0.5, 0.5, 0.8), new PrPoint(1, 2.0 / 3.0, 0.3)], curve);
    }

    [Fact]
    public void Curves_are_empty_when_they_cannot_be_drawn()
    {
        Assert.Empty(BinaryMetrics.RocCurve([0.2, 0.7], [true, true]));
        Assert.Empty(BinaryMetrics.PrCurve([0.2, 0.7], [false, false]));
    }

    [Fact]
    public void Threshold_choice_maximises_f1()
    {
        // F1 = 2TP / (2TP + FP + FN) at 0.9: 2/3; 0.8: 1/2; 0.7: 4/5; 0.6: 4/6; 0.5: 4/7 → 0.7.
        Assert.Equal(0.7, BinaryMetrics.ChooseThreshold(s_fiveScores, s_fiveLabels));
    }

    [Fact]
    public void Threshold_choice_prefers_the_higher_threshold_on_equal_f1()
    {
        // 0.9: TP 1, FN 1 → F1 2/3; 0.4: TP 2, FP 2 → F1 4/6 = 2/3 as well; 0.1: TP 2, FP 3 → 4/7.
        Assert.Equal(0.9, BinaryMetrics.ChooseThreshold([0.9, 0.4, 0.4, 0.4, 0.1], [true, true, false, false, false]));
    }

    [Fact]
    public void Threshold_choice_refuses_labels_without_positives()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.ChooseThreshold([0.2, 0.4], [false, false]));
    }

    [Fact]
    public void At_threshold_counts_scores_at_or_above_it_as_positive()
    {
        ThresholdMetrics m = BinaryMetrics.AtThreshold(s_fiveScores, s_fiveLabels, 0.7);

        Assert.Equal(new ThresholdMetrics(0.7, 2.0 / 3.0, 1, 0.8, 0.8, 2, 1, 2, 0), m);
    }

    [Fact]
    public void At_threshold_gives_zero_precision_and_f1_when_nothing_is_flagged()
    {
        ThresholdMetrics m = BinaryMetrics.AtThreshold([0.2, 0.4], [true, false], 0.5);

        Assert.Equal(new ThresholdMetrics(0.5, 0, 0, 0, 0.5, 0, 0, 1, 1), m);
    }

    [Fact]
    public void Mismatched_empty_or_invalid_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([0.1, 0.2], [true]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Brier([], []));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([double.NaN, 0.2], [true, false]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.LogLoss([1.5], [true]));
    }

    [Fact]
    public void Evaluate_scores_assembles_every_metric()
    {
        EvaluationMetrics m = EvaluateScores.Run(s_fiveScores, s_fiveLabels, threshold: 0.7);

        Assert.Equal(5, m.Rows);
        Assert.Equal(2, m.Positives);
        Assert.Equal(0.4, m.BaseRate, Tolerance);

        // Of 6 positive–negative pairs only (0.7, 0.8) is misordered.
        Assert.Equal(5.0 / 6.0, m.RocAuc, Tolerance);
        Assert.Equal(5.0 / 6.0, m.PrAuc, Tolerance);
        Assert.Equal(0.24, m.BaseRateBrier, Tolerance);

        // (0.1² + 0.8² + 0.3² + 0.6² + 0.5²) / 5 = 1.35 / 5.
        Assert.Equal(0.27, m.Brier, Tolerance);
        Assert.Equal(BinaryMetrics.LogLoss(s_fiveScores, s_fiveLabels), m.LogLoss);

        // One row per bin: (0.1 + 0.8 + 0.3 + 0.6 + 0.5) / 5.
        Assert.Equal(0.46, m.Ece, Tolerance);
        Assert.Equal(2, m.AtThreshold.TruePositives);
    }

    private static double Trapezoid(IReadOnlyList<RocPoint> curve)
    {
        double area = 0;
        for (int i = 1; i < curve.Count; i++)
        {
            area += (curve[i].FalsePositiveRate - curve[i - 1].FalsePositiveRate)
                * (curve[i].TruePositiveRate + curve[i - 1].TruePositiveRate) / 2;
        }

        return area;
    }
}

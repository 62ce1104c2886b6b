using MatchModels.Monitoring.Performance;

namespace MatchModels.Monitoring.Tests.Performance;

public sealed class ConfidenceBasedPerformanceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Expected_auc_worked_by_hand()
    {
        // p = 0.8, 0.4. Expected ROC: (0, 0) → (FPR 0.2/0.8, TPR 0.8/1.2) → (1, 1); area ¼·⅓ + ¾·⅚ = 0.68 / 0.96.
        Assert.Equal(0.68 / 0.96, ConfidenceBasedPerformance.ExpectedAuc([0.8, 0.4]), Tolerance);
    }

    [Fact]
    public void Expected_auc_equals_the_pairwise_sum_over_rows()
    {
        // [Σ_(pᵢ>pⱼ) pᵢ(1 − pⱼ) + ½ Σ_(pᵢ=pⱼ, self included) pᵢ(1 − pⱼ)] / [Σp · Σ(1 − p)], with ties on a coarse grid.
        var random = new Random(3);
        double[] p = [.. Enumerable.Range(0, 60).Select(_ => Math.Round(random.NextDouble(), 1))];
        double pairs = 0;
        foreach (double a in p)
        {
            foreach (double b in p)
            {
                pairs += a > b ? a * (1 - b) : a == b ? a * (1 - b) / 2 : 0;
            }
        }

        double expected = pairs / (p.Sum() * p.Sum(x => 1 - x));

        Assert.Equal(expected, ConfidenceBasedPerformance.ExpectedAuc(p), 1e-12);
    }

    [Fact]
    public void Identical_probabilities_give_an_expected_auc_of_one_half_and_certain_ones_of_one()
    {
        Assert.Equal(0.5, ConfidenceBasedPerformance.ExpectedAuc([0.3, 0.3, 0.3]), Tolerance);
        Assert.Equal(1, ConfidenceBasedPerformance.ExpectedAuc([1, 0, 1, 0]), Tolerance);
        Assert.True(double.IsNaN(ConfidenceBasedPerformance.ExpectedAuc([0, 0])));
    }

    [Fact]
    public void Expected_precision_recall_and_f1_worked_by_hand()
    {
        // At t = 0.5: TP = 0.8 + 0.6, FP = 0.2 + 0.4, FN = 0.4 (the row below t), Σp = 1.8.
        EstimatedPerformance e = ConfidenceBasedPerformance.Estimate([0.8, 0.4, 0.6], threshold: 0.5);

        Assert.Equal(0.7, e.Precision, Tolerance);
        Assert.Equal(1.4 / 1.8, e.Recall, Tolerance);
        Assert.Equal(2.8 / 3.8, e.F1, Tolerance);
        Assert.Equal(0.6, e.BaseRate, Tolerance);
    }

    [Fact]
    public void On_calibrated_probabilities_the_estimate_matches_the_realised_metrics()
    {
        const double threshold = 0.4;
        (double[] p, bool[] y) = CalibratedSample.Draw(200_000, seed: 11);

        EstimatedPerformance estimate = ConfidenceBasedPerformance.Estimate(p, threshold);
        double realisedAuc = MeasureRealisedPerformance.Measure(p, y, seed: 1, resamples: 1).Auc.Estimate;
        (double precision, double recall, double f1) = Realised(p, y, threshold);

        Assert.Equal(realisedAuc, estimate.Auc, 0.005);
        Assert.Equal(precision, estimate.Precision, 0.01);
        Assert.Equal(recall, estimate.Recall, 0.01);
        Assert.Equal(f1, estimate.F1, 0.01);
    }

    [Fact]
    public void Miscalibrated_probabilities_bias_the_estimate()
    {
        // Labels drawn from p², probabilities reported as p: the model claims more positives (and more separation) than there are.
        (double[] p, _) = CalibratedSample.Draw(200_000, seed: 12);
        var random = new Random(13);
        bool[] y = [.. p.Select(x => random.NextDouble() < x * x)];

        EstimatedPerformance estimate = ConfidenceBasedPerformance.Estimate(p, 0.4);
        (double precision, _, _) = Realised(p, y, 0.4);

        Assert.True(estimate.Precision - precision > 0.1, $"estimated {estimate.Precision}, realised {precision}");
    }

    private static (double Precision, double Recall, double F1) Realised(double[] p, bool[] y, double threshold)
    {
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (int i = 0; i < p.Length; i++)
        {
            bool predicted = p[i] >= threshold;
            tp += predicted && y[i] ? 1 : 0;
            fp += predicted && !y[i] ? 1 : 0;
            fn += !predicted && y[i] ? 1 : 0;
        }

        return (tp / (tp + fp), tp / (tp + fn), 2 * tp / ((2 * tp) + fp + fn));
    }
}

using MatchModels.Monitoring.Performance;

namespace MatchModels.Monitoring.Tests.Performance;

public sealed class MeasureRealisedPerformanceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Auc_counts_positive_negative_pairs_ranked_correctly()
    {
        // Pairs (positive, negative): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right → 3/4.
        RealisedPerformance r = MeasureRealisedPerformance.Measure([0.1, 0.4, 0.35, 0.8], [false, false, true, true], seed: 1, resamples: 10);

        Assert.Equal(0.75, r.Auc.Estimate, Tolerance);
    }

    [Fact]
    public void Auc_gives_half_a_pair_for_each_tie()
    {
        // (0.5, 0.5) tie → ½, (0.5, 0.2) → 1, (0.9, 0.5) → 1, (0.9, 0.2) → 1: 3.5 / 4.
        RealisedPerformance r = MeasureRealisedPerformance.Measure([0.5, 0.5, 0.9, 0.2], [true, false, true, false], seed: 1, resamples: 10);

        Assert.Equal(0.875, r.Auc.Estimate, Tolerance);
    }

    [Fact]
    public void Brier_ece_and_base_rate_worked_by_hand()
    {
        // Bin [0.1, 0.2): mean p 0.15, half positive → |0.15 − 0.5| · ½; bin [0.8, 0.9): mean p 0.85, all positive → 0.15 · ½.
        // Brier: (0.15² + 0.85² + 2 · 0.15²) / 4.
        RealisedPerformance r = MeasureRealisedPerformance.Measure([0.15, 0.15, 0.85, 0.85], [false, true, true, true], seed: 1, resamples: 10);

        Assert.Equal(0.25, r.Ece.Estimate, Tolerance);
        Assert.Equal(((0.15 * 0.15) + (0.85 * 0.85) + (2 * 0.15 * 0.15)) / 4, r.Brier.Estimate, Tolerance);
        Assert.Equal(0.75, r.BaseRate.Estimate, Tolerance);
        Assert.Equal((4, 3), (r.Rows, r.Positives));
    }

    [Fact]
    public void Intervals_hold_the_estimate_and_repeat_with_the_seed()
    {
        (double[] p, bool[] y) = CalibratedSample.Draw(2000, seed: 4);

        RealisedPerformance first = MeasureRealisedPerformance.Measure(p, y, seed: 7, resamples: 200);
        RealisedPerformance again = MeasureRealisedPerformance.Measure(p, y, seed: 7, resamples: 200);
        RealisedPerformance other = MeasureRealisedPerformance.Measure(p, y, seed: 8, resamples: 200);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Auc, other.Auc);
        foreach (MetricInterval m in new[] { first.Auc, first.Brier, first.BaseRate })
        {
            Assert.InRange(m.Estimate, m.Low, m.High);
            Assert.True(m.High - m.Low is > 0 and < 0.1, $"{m}");
        }
    }

    [Fact]
    public void An_empty_window_has_undefined_metrics_and_no_interval()
    {
        RealisedPerformance r = MeasureRealisedPerformance.Measure([], [], seed: 1, resamples: 10);

        Assert.True(double.IsNaN(r.Auc.Estimate) && double.IsNaN(r.Auc.Low) && double.IsNaN(r.Brier.High));
    }

    [Fact]
    public void Probabilities_outside_zero_and_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MeasureRealisedPerformance.Measure([1.5], [true], seed: 1));
        Assert.Throws<ArgumentException>(() => MeasureRealisedPerformance.Measure([double.NaN], [true], seed: 1));
    }
}

using MatchModels.Core.Metrics;
using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Tests.Evaluation;

public sealed class StratifiedBootstrapTests
{
    private static readonly double[] s_scores = Scores(300, seed: 5, out s_labels);
    private static readonly bool[] s_labels;

    [Fact]
    public void The_same_seed_gives_the_same_intervals()
    {
        MetricIntervals first = BootstrapTestMetrics.Run(s_scores, s_labels, [], new StratifiedBootstrap(s_labels, seed: 42, resamples: 200));
        MetricIntervals second = BootstrapTestMetrics.Run(s_scores, s_labels, [], new StratifiedBootstrap(s_labels, seed: 42, resamples: 200));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_other_intervals()
    {
        // The companion of the determinism test: the seed does reach the draws, so that test could fail.
        MetricIntervals a = BootstrapTestMetrics.Run(s_scores, s_labels, [], new StratifiedBootstrap(s_labels, seed: 42, resamples: 200));
        MetricIntervals b = BootstrapTestMetrics.Run(s_scores, s_labels, [], new StratifiedBootstrap(s_labels, seed: 43, resamples: 200));

        Assert.NotEqual(a.RocAuc, b.RocAuc);
        Assert.Equal(a.RocAuc.Estimate, b.RocAuc.Estimate);
    }

    [Fact]
    public void Every_resample_keeps_the_class_counts_and_the_row_count()
    {
        var bootstrap = new StratifiedBootstrap(s_labels, seed: 1, resamples: 10);
        int[] counts = new int[s_labels.Length];
        int positives = s_labels.Count(l => l);

        for (int b = 0; b < 10; b++)
        {
            bootstrap.Draw(b, counts);
            Assert.Equal(s_labels.Length, counts.Sum());
            Assert.Equal(positives, counts.Where((_, i) => s_labels[i]).Sum());
        }
    }

    [Fact]
    public void Intervals_hold_their_estimate_and_are_ordered()
    {
        MetricIntervals m = BootstrapTestMetrics.Run(s_scores, s_labels, [], new StratifiedBootstrap(s_labels, seed: 7));

        foreach (Interval i in (Interval[])[m.RocAuc, m.PrAuc, m.LogLoss, m.Brier, m.Ece, m.BrierSkill])
        {
            Assert.True(i.Low <= i.High, i.ToString());
            Assert.InRange(i.Estimate, i.Low - 0.05, i.High + 0.05);
        }

        Assert.Equal(BinaryMetrics.RocAuc(s_scores, s_labels), m.RocAuc.Estimate, 12);
        Assert.Null(m.OracleRatio);
    }

    [Fact]
    public void The_oracle_ratio_of_a_model_against_itself_is_one_in_every_resample()
    {
        MetricIntervals m = BootstrapTestMetrics.Run(s_scores, s_labels, s_scores, new StratifiedBootstrap(s_labels, seed: 7, resamples: 100));

        Assert.Equal(new Interval(1, 1, 1), m.OracleRatio);
    }

    [Fact]
    public void Weighted_ranking_metrics_with_unit_weights_equal_the_plain_ones_ties_included()
    {
        double[] scores = [0.1, 0.4, 0.4, 0.35, 0.8, 0.4, 0.1, 0.9];
        bool[] labels = [false, true, false, true, true, false, true, false];
        var sorted = new SortedScores(scores);
        int[] ones = [.. scores.Select(_ => 1)];

        Assert.Equal(BinaryMetrics.RocAuc(scores, labels), sorted.RocAuc(labels, ones), 12);
        Assert.Equal(BinaryMetrics.AveragePrecision(scores, labels), sorted.AveragePrecision(labels, ones), 12);
    }

    [Fact]
    public void A_weight_of_two_counts_a_row_twice()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        bool[] labels = [false, true, false, true];
        var sorted = new SortedScores(scores);

        // Weights [2, 1, 0, 1] are the rows 0, 0, 1, 3.
        double expected = BinaryMetrics.RocAuc([0.1, 0.1, 0.4, 0.8], [false, false, true, true]);
        Assert.Equal(expected, sorted.RocAuc(labels, [2, 1, 0, 1]), 12);
        Assert.Equal(
            BinaryMetrics.AveragePrecision([0.1, 0.1, 0.4, 0.35, 0.35, 0.8], [false, false, true, false, false, true]),
            sorted.AveragePrecision(labels, [2, 1, 2, 1]),
            12);
    }

    [Fact]
    public void Percentiles_interpolate_between_order_statistics()
    {
        // 2.5% of the way along 0..100 (101 values) is exactly 2.5; 97.5% is 97.5.
        Interval i = StratifiedBootstrap.Percentiles(50, [.. Enumerable.Range(0, 101).Select(v => (double)v).Reverse(), double.NaN]);

        Assert.Equal(50, i.Estimate);
        Assert.Equal(2.5, i.Low, 9);
        Assert.Equal(97.5, i.High, 9);
    }

    private static double[] Scores(int n, int seed, out bool[] labels)
    {
        var random = new Random(seed);
        labels = new bool[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.3;
            scores[i] = Math.Clamp((labels[i] ? 0.45 : 0.3) + ((random.NextDouble() - 0.5) * 0.5), 0, 1);
        }

        return scores;
    }
}

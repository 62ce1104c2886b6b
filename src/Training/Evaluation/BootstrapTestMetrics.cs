using MatchModels.Core.Metrics;
namespace MatchModels.Training.Evaluation;

/// <summary>
/// Percentile bootstrap intervals (Efron, 1979) of the test AUC, PR-AUC, log-loss, Brier score, ECE, Brier skill score and oracle
/// ratio, all from the same <see cref="StratifiedBootstrap"/> resamples, so that a fairness gap drawn from the same
/// bootstrap (same seed) is resampled over the very same rows.
/// </summary>
public static class BootstrapTestMetrics
{
    public const string MethodDescription = "percentile bootstrap over test rows, stratified by label (ECE and fairness gaps: hull with the basic bootstrap interval)";

    /// <param name="scores">Predicted probabilities, in [0, 1].</param>
    /// <param name="labels">True outcomes.</param>
    /// <param name="oracleScores">The true probabilities of the same rows, when the data carries them (for the oracle ratio).</param>
    /// <param name="bootstrap">The resampler; its row count must match.</param>
    public static MetricIntervals Run(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> oracleScores, StratifiedBootstrap bootstrap)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        BinaryMetrics.CheckProbabilities(scores, labels);
        if (bootstrap.Rows != scores.Length)
        {
            throw new ArgumentException($"The bootstrap draws {bootstrap.Rows} rows but there are {scores.Length} scores.", nameof(bootstrap));
        }

        bool hasOracle = !oracleScores.IsEmpty;
        if (hasOracle && oracleScores.Length != scores.Length)
        {
            throw new ArgumentException($"{oracleScores.Length} oracle scores for {scores.Length} rows.", nameof(oracleScores));
        }

        double[] p = scores.ToArray();
        bool[] y = labels.ToArray();
        var sorted = new SortedScores(p);
        SortedScores? oracle = hasOracle ? new SortedScores(oracleScores) : null;
        int bins = EvaluateScores.CalibrationBins;
        int[] bin = [.. p.Select(v => Math.Min((int)(v * bins), bins - 1))];

        double auc = BinaryMetrics.RocAuc(p, y);
        double brier = BinaryMetrics.Brier(p, y);
        double baseRateBrier = BinaryMetrics.BaseRateBrier(y);
        double[] estimates =
        [
            auc,
            BinaryMetrics.AveragePrecision(p, y),
            brier,
            BinaryMetrics.ExpectedCalibrationError(p, y, bins),
            1 - (brier / baseRateBrier),
            hasOracle ? auc / BinaryMetrics.RocAuc(oracleScores, labels) : double.NaN,
            BinaryMetrics.LogLoss(p, y),
        ];

        Interval[] intervals = bootstrap.Intervals(estimates, (counts, values) =>
        {
            double a = sorted.RocAuc(y, counts);
            values[0] = a;
            values[1] = sorted.AveragePrecision(y, counts);
            (double b, double reference, double ece, double logLoss) = Probabilities(p, y, bin, bins, counts);
            values[2] = b;
            values[3] = ece;
            values[4] = reference == 0 ? double.NaN : 1 - (b / reference);
            values[6] = logLoss;
            if (oracle is not null)
            {
                values[5] = a / oracle.RocAuc(y, counts);
            }
        }, upwardBiased: k => k == 3);

        return new MetricIntervals(MethodDescription, bootstrap.Resamples, bootstrap.Seed, intervals[0], intervals[1], intervals[6], intervals[2], intervals[3], intervals[4],
            hasOracle ? intervals[5] : null);
    }

    /// <summary>Weighted Brier score, base-rate Brier score, ECE and log-loss of one resample, in one pass.</summary>
    private static (double Brier, double BaseRateBrier, double Ece, double LogLoss) Probabilities(double[] p, bool[] y, int[] bin, int bins, int[] counts)
    {
        Span<double> binWeight = stackalloc double[bins];
        Span<double> binScore = stackalloc double[bins];
        Span<double> binPositive = stackalloc double[bins];
        binWeight.Clear();
        binScore.Clear();
        binPositive.Clear();
        double total = 0, positives = 0, squared = 0, logLoss = 0;
        for (int i = 0; i < p.Length; i++)
        {
            int w = counts[i];
            if (w == 0)
            {
                continue;
            }

            double outcome = y[i] ? 1 : 0;
            double error = p[i] - outcome;
            total += w;
            positives += w * outcome;
            squared += w * error * error;
            double clipped = Math.Clamp(p[i], BinaryMetrics.LogLossEpsilon, 1 - BinaryMetrics.LogLossEpsilon);
            logLoss -= w * (y[i] ? Math.Log(clipped) : Math.Log(1 - clipped));
            binWeight[bin[i]] += w;
            binScore[bin[i]] += w * p[i];
            binPositive[bin[i]] += w * outcome;
        }

        double ece = 0;
        for (int k = 0; k < bins; k++)
        {
            ece += Math.Abs(binScore[k] - binPositive[k]);
        }

        double rate = positives / total;
        return (squared / total, rate * (1 - rate), ece / total, logLoss / total);
    }
}

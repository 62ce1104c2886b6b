using MatchModels.Core.Metrics;

namespace MatchModels.Monitoring.Performance;

/// <summary>
/// AUC, Brier score, ECE and base rate of (probability, label) pairs where each row counts w times: w = 1 for the window
/// as it is, a bootstrap resample's draw counts otherwise. AUC ranks through Core's <see cref="SortedScores"/>, sorted
/// once, so no resample is ever sorted; the calibration metrics are sums over rows.
/// </summary>
internal sealed class WeightedBinaryMetrics
{
    private readonly double[] _scores;
    private readonly bool[] _labels;
    private readonly SortedScores _sorted;

    public WeightedBinaryMetrics(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        if (probabilities.Length != labels.Length)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities for {labels.Length} labels.", nameof(labels));
        }

        foreach (double p in probabilities)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"probabilities must lie in [0, 1]; found {p}.", nameof(probabilities));
            }
        }

        _scores = probabilities.ToArray();
        _labels = labels.ToArray();
        _sorted = new SortedScores(probabilities);
    }

    public int Rows => _scores.Length;

    /// <summary>
    /// The Mann–Whitney AUC: Σ over positive–negative pairs of [s₊ &gt; s₋] + ½[s₊ = s₋], divided by W₊W₋ (Hanley &amp;
    /// McNeil, 1982); NaN when a class has no weight.
    /// </summary>
    public double Auc(ReadOnlySpan<int> weights) => _sorted.RocAuc(_labels, weights);

    /// <summary>Brier score Σ w (p − y)² / Σ w (Brier, 1950).</summary>
    public double Brier(ReadOnlySpan<int> weights)
    {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < _scores.Length; i++)
        {
            double w = Weight(weights, i);
            double error = _scores[i] - (_labels[i] ? 1 : 0);
            sum += w * error * error;
            total += w;
        }

        return total == 0 ? double.NaN : sum / total;
    }

    /// <summary>
    /// Expected calibration error over <paramref name="bins"/> equal-width bins of [0, 1]: Σ_b (W_b/W)·|mean p_b − mean y_b|
    /// (Naeini, Cooper &amp; Hauskrecht, 2015; Guo et al., 2017). A probability of exactly 1 falls in the last bin.
    /// </summary>
    public double Ece(ReadOnlySpan<int> weights, int bins)
    {
        double[] count = new double[bins];
        double[] scoreSum = new double[bins];
        double[] labelSum = new double[bins];
        double total = 0;
        for (int i = 0; i < _scores.Length; i++)
        {
            double w = Weight(weights, i);
            int b = Math.Min((int)(_scores[i] * bins), bins - 1);
            count[b] += w;
            scoreSum[b] += w * _scores[i];
            labelSum[b] += _labels[i] ? w : 0;
            total += w;
        }

        if (total == 0)
        {
            return double.NaN;
        }

        double ece = 0;
        for (int b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += count[b] / total * Math.Abs((scoreSum[b] - labelSum[b]) / count[b]);
            }
        }

        return ece;
    }

    public double BaseRate(ReadOnlySpan<int> weights)
    {
        double positives = 0;
        double total = 0;
        for (int i = 0; i < _labels.Length; i++)
        {
            double w = Weight(weights, i);
            positives += _labels[i] ? w : 0;
            total += w;
        }

        return total == 0 ? double.NaN : positives / total;
    }

    private static double Weight(ReadOnlySpan<int> weights, int row) => weights.IsEmpty ? 1 : weights[row];
}

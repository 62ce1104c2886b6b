namespace MatchModels.Monitoring.Performance;

/// <summary>
/// The performance a window's labels are expected to show, estimated from its probabilities alone (before outcomes
/// arrive), with the classification threshold the precision, recall and F1 were taken at.
/// </summary>
public sealed record EstimatedPerformance(int Rows, double Threshold, double Auc, double Precision, double Recall, double F1, double BaseRate);

/// <summary>
/// A label-free performance estimate in the manner of NannyML's confidence-based performance estimation (CBPE): if the
/// probabilities are calibrated, row i is a positive with probability pᵢ, so each confusion-matrix cell has an expected
/// value, and so does every metric built from them.
/// </summary>
/// <remarks>
/// <para>
/// At a threshold t the expected counts are TP = Σ_(pᵢ≥t) pᵢ, FP = Σ_(pᵢ≥t) (1 − pᵢ), FN = Σ_(pᵢ&lt;t) pᵢ,
/// TN = Σ_(pᵢ&lt;t) (1 − pᵢ). Precision, recall and F1 are those ratios of expected counts at the model's threshold. The
/// expected ROC curve takes every distinct probability as a threshold, TPR = TP/Σpᵢ and FPR = FP/Σ(1 − pᵢ), and the
/// expected AUC is its trapezoidal area (NannyML's documented method, "Estimation of performance of the monitored model",
/// binary ROC AUC). That area equals [Σ over ordered pairs with pᵢ &gt; pⱼ of pᵢ(1 − pⱼ) + ½ Σ over tied pairs, each row
/// with itself included] / [Σpᵢ · Σ(1 − pᵢ)].
/// </para>
/// <para>
/// These are ratios of expectations, not expectations of ratios: they converge to the realised metric as the window grows
/// (NannyML asks for large enough chunks for the same reason). The assumptions, which a report must state beside the
/// estimate: the probabilities are calibrated on the live population (P(y = 1 | p) = p); there is no concept drift
/// (P(y | x) is the training one; covariate shift is fine as long as it stays within the region the model learned); and
/// the window is large. A model whose calibration is off, or a change in what makes pairs succeed, biases the estimate
/// without any sign in the probabilities: only realised labels reveal it.
/// </para>
/// </remarks>
public static class ConfidenceBasedPerformance
{
    /// <summary>The expected metrics of <paramref name="probabilities"/> at the classification <paramref name="threshold"/> (predicted positive when p ≥ threshold).</summary>
    public static EstimatedPerformance Estimate(ReadOnlySpan<double> probabilities, double threshold)
    {
        if (!(threshold >= 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold must lie in [0, 1].");
        }

        double positives = 0;
        double truePositives = 0;
        double falsePositives = 0;
        foreach (double p in probabilities)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"probabilities must lie in [0, 1]; found {p}.", nameof(probabilities));
            }

            positives += p;
            if (p >= threshold)
            {
                truePositives += p;
                falsePositives += 1 - p;
            }
        }

        int n = probabilities.Length;
        double falseNegatives = positives - truePositives;
        double precision = truePositives + falsePositives == 0 ? double.NaN : truePositives / (truePositives + falsePositives);
        double recall = positives == 0 ? double.NaN : truePositives / positives;
        double f1Denominator = (2 * truePositives) + falsePositives + falseNegatives;
        double f1 = f1Denominator == 0 ? double.NaN : 2 * truePositives / f1Denominator;
        return new EstimatedPerformance(n, threshold, ExpectedAuc(probabilities), precision, recall, f1, n == 0 ? double.NaN : positives / n);
    }

    /// <summary>The area under the expected ROC curve (see the remarks); NaN when no row can be positive or none negative.</summary>
    public static double ExpectedAuc(ReadOnlySpan<double> probabilities)
    {
        double[] descending = probabilities.ToArray();
        Array.Sort(descending);
        Array.Reverse(descending);
        double positives = 0;
        foreach (double p in descending)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"probabilities must lie in [0, 1]; found {p}.", nameof(probabilities));
            }

            positives += p;
        }

        double negatives = descending.Length - positives;
        if (positives <= 0 || negatives <= 0)
        {
            return double.NaN;
        }

        double area = 0;
        double tp = 0;
        double fp = 0;
        int k = 0;
        while (k < descending.Length)
        {
            // Lower the threshold to the next distinct probability: every row at it turns predicted-positive together.
            double t = descending[k];
            double tpBefore = tp;
            double fpBefore = fp;
            while (k < descending.Length && descending[k] == t)
            {
                tp += descending[k];
                fp += 1 - descending[k];
                k++;
            }

            area += (fp - fpBefore) / negatives * ((tp + tpBefore) / 2 / positives);
        }

        return area;
    }
}

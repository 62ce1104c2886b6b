namespace MatchModels.Training.Evaluation;

/// <summary>
/// Metrics of a binary classifier's scores against true labels, as pure functions over spans.
/// Scores are probabilities of the positive class; the ranking metrics (<see cref="RocAuc"/>, <see cref="AveragePrecision"/>
/// and the curves) accept any finite scores, the probability metrics require them in [0, 1].
/// Every method throws <see cref="ArgumentException"/> when the spans differ in length, are empty, or hold a non-finite score.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Log-loss clips scores this far from 0 and 1 so one confident mistake costs a large but finite amount (as scikit-learn does).</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// Area under the ROC curve, computed as the Mann–Whitney U statistic: AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋),
    /// where R₊ is the sum of the positives' ranks among all scores. Tied scores share their mid-rank, so a tied
    /// positive–negative pair counts ½ (Hanley &amp; McNeil, 1982).
    /// </summary>
    /// <returns>The probability that a random positive scores above a random negative; NaN when one class is absent.</returns>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        int positives = CountPositives(labels);
        int negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        (double[] sorted, int[] order) = SortAscending(scores);
        double positiveRankSum = 0;
        int start = 0;
        while (start < sorted.Length)
        {
            int end = start;
            while (end + 1 < sorted.Length && sorted[end + 1] == sorted[start])
            {
                end++;
            }

            // Ranks are 1-based; positions start..end share the mean of ranks start+1..end+1.
            double midRank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += midRank;
                }
            }

            start = end + 1;
        }

        double u = positiveRankSum - (positives * (positives + 1.0) / 2.0);
        return u / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision, the step-wise area under the precision–recall curve: AP = Σₖ (Rₖ − Rₖ₋₁) Pₖ over the distinct
    /// thresholds in decreasing order, where Pₖ and Rₖ are precision and recall when every score ≥ the k-th threshold is
    /// called positive (scikit-learn's average_precision_score). Tied scores form one step, so their order cannot matter.
    /// Unlike the trapezoidal area it never interpolates optimistically between points (Davis &amp; Goadrich, 2006).
    /// </summary>
    /// <returns>AP in [0, 1]; a model that ranks at random scores about the base rate. NaN when there are no positives.</returns>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        int positives = CountPositives(labels);
        if (positives == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        int previousTruePositives = 0;
        foreach (CumulativeCounts step in Descend(scores, labels))
        {
            double precision = (double)step.TruePositives / (step.TruePositives + step.FalsePositives);
            sum += (step.TruePositives - previousTruePositives) * precision;
            previousTruePositives = step.TruePositives;
        }

        return sum / positives;
    }

    /// <summary>Mean negative log-likelihood: −(1/n) Σ [y ln p + (1 − y) ln(1 − p)], with p clipped to [ε, 1 − ε], ε = <see cref="LogLossEpsilon"/>.</summary>
    public static double LogLoss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckProbabilities(scores, labels);
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double p = Math.Clamp(scores[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / scores.Length;
    }

    /// <summary>Brier score: (1/n) Σ (p − y)², the mean squared error of the probabilities against 0/1 labels (Brier, 1950).</summary>
    public static double Brier(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckProbabilities(scores, labels);
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double error = scores[i] - (labels[i] ? 1.0 : 0.0);
            sum += error * error;
        }

        return sum / scores.Length;
    }

    /// <summary>
    /// Brier score of always predicting the base rate p of these labels: p(1 − p). It is the best any constant forecast
    /// can do on these rows (the "climatology" reference of the Brier skill score), so a model that does not beat it has no skill.
    /// </summary>
    public static double BaseRateBrier(ReadOnlySpan<bool> labels)
    {
        if (labels.IsEmpty)
        {
            throw new ArgumentException("No labels to compute a base rate from.", nameof(labels));
        }

        double p = (double)CountPositives(labels) / labels.Length;
        return p * (1 - p);
    }

    /// <summary>
    /// Expected calibration error: Σₖ (nₖ / n) |mean scoreₖ − positive rateₖ| over <paramref name="bins"/> equal-width bins
    /// of [0, 1] (Naeini, Cooper &amp; Hauskrecht, 2015; Guo et al., 2017). 0 means scores match observed rates in every bin.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int bins = 10)
    {
        double sum = 0;
        foreach (ReliabilityBin bin in Reliability(scores, labels, bins))
        {
            sum += bin.Count * Math.Abs(bin.MeanPredicted - bin.ObservedRate);
        }

        return sum / scores.Length;
    }

    /// <summary>
    /// The points of a reliability diagram: scores grouped into <paramref name="bins"/> equal-width bins of [0, 1]
    /// (bin k holds [k/B, (k+1)/B), the last bin also 1.0), with each bin's mean score and positive rate. Empty bins are left out.
    /// </summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int bins = 10)
    {
        CheckProbabilities(scores, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);

        int[] counts = new int[bins];
        int[] positives = new int[bins];
        double[] scoreSums = new double[bins];
        for (int i = 0; i < scores.Length; i++)
        {
            int bin = Math.Min((int)(scores[i] * bins), bins - 1);
            counts[bin]++;
            scoreSums[bin] += scores[i];
            if (labels[i])
            {
                positives[bin]++;
            }
        }

        var result = new List<ReliabilityBin>(bins);
        for (int k = 0; k < bins; k++)
        {
            if (counts[k] > 0)
            {
                result.Add(new ReliabilityBin(
                    (double)k / bins,
                    (double)(k + 1) / bins,
                    counts[k],
                    scoreSums[k] / counts[k],
                    (double)positives[k] / counts[k]));
            }
        }

        return result;
    }

    /// <summary>
    /// The ROC curve: (0, 0) at threshold +∞, then one point per distinct score in decreasing order, ending at (1, 1).
    /// Joining the points with straight lines encloses exactly <see cref="RocAuc"/>. Empty when one class is absent.
    /// </summary>
    public static IReadOnlyList<RocPoint> RocCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        int positives = CountPositives(labels);
        int negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return [];
        }

        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        foreach (CumulativeCounts step in Descend(scores, labels))
        {
            points.Add(new RocPoint(
                (double)step.FalsePositives / negatives,
                (double)step.TruePositives / positives,
                step.Threshold));
        }

        return points;
    }

    /// <summary>
    /// The precision–recall curve: one point per distinct score in decreasing order (recall never decreases along it).
    /// Read as a step function, its area is <see cref="AveragePrecision"/>. Empty when there are no positives.
    /// </summary>
    public static IReadOnlyList<PrPoint> PrCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        int positives = CountPositives(labels);
        if (positives == 0)
        {
            return [];
        }

        var points = new List<PrPoint>();
        foreach (CumulativeCounts step in Descend(scores, labels))
        {
            points.Add(new PrPoint(
                (double)step.TruePositives / positives,
                (double)step.TruePositives / (step.TruePositives + step.FalsePositives),
                step.Threshold));
        }

        return points;
    }

    /// <summary>
    /// The threshold that maximises F1 = 2TP / (2TP + FP + FN), tried at every distinct score (a score at or above it is
    /// called positive); among equal F1 the highest threshold wins, so fewer pairs are flagged.
    /// Call it on VALIDATION data only: a threshold tuned on the test rows makes the test metrics optimistic.
    /// </summary>
    /// <exception cref="ArgumentException">The labels hold no positives, so F1 is 0 at every threshold.</exception>
    public static double ChooseThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        int positives = CountPositives(labels);
        if (positives == 0)
        {
            throw new ArgumentException("The validation labels hold no positives, so every threshold has F1 = 0.", nameof(labels));
        }

        double best = double.NaN;
        double bestF1 = -1;
        foreach (CumulativeCounts step in Descend(scores, labels))
        {
            int falseNegatives = positives - step.TruePositives;
            double f1 = 2.0 * step.TruePositives / ((2.0 * step.TruePositives) + step.FalsePositives + falseNegatives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = step.Threshold;
            }
        }

        return best;
    }

    /// <summary>Confusion counts, precision, recall, F1 and accuracy when a score at or above <paramref name="threshold"/> is called positive.</summary>
    public static ThresholdMetrics AtThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double threshold)
    {
        CheckPairs(scores, labels);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (predicted)
            {
                if (labels[i])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (labels[i])
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        double accuracy = (double)(tp + tn) / scores.Length;
        return new ThresholdMetrics(threshold, precision, recall, f1, accuracy, tp, fp, tn, fn);
    }

    internal static int CountPositives(ReadOnlySpan<bool> labels)
    {
        int count = 0;
        foreach (bool label in labels)
        {
            if (label)
            {
                count++;
            }
        }

        return count;
    }

    internal static void CheckPairs(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"There are {scores.Length} scores but {labels.Length} labels; they must pair up row by row.", nameof(labels));
        }

        if (scores.IsEmpty)
        {
            throw new ArgumentException("There are no scores to evaluate.", nameof(scores));
        }

        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Score {i} is {scores[i]}; every score must be a finite number.", nameof(scores));
            }
        }
    }

    internal static void CheckProbabilities(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckPairs(scores, labels);
        for (int i = 0; i < scores.Length; i++)
        {
            if (scores[i] is < 0 or > 1)
            {
                throw new ArgumentException($"Score {i} is {scores[i]}; probabilities must lie in [0, 1].", nameof(scores));
            }
        }
    }

    private static (double[] Sorted, int[] Order) SortAscending(ReadOnlySpan<double> scores)
    {
        double[] sorted = scores.ToArray();
        int[] order = new int[sorted.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        return (sorted, order);
    }

    /// <summary>Walks the distinct scores from the highest down, giving the true and false positives when everything at or above each one is called positive.</summary>
    private static List<CumulativeCounts> Descend(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        (double[] sorted, int[] order) = SortAscending(scores);
        var steps = new List<CumulativeCounts>();
        int truePositives = 0, falsePositives = 0;
        int end = sorted.Length - 1;
        while (end >= 0)
        {
            int start = end;
            while (start - 1 >= 0 && sorted[start - 1] == sorted[end])
            {
                start--;
            }

            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }

            steps.Add(new CumulativeCounts(sorted[end], truePositives, falsePositives));
            end = start - 1;
        }

        return steps;
    }

    private readonly record struct CumulativeCounts(double Threshold, int TruePositives, int FalsePositives);
}

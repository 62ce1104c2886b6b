using MatchModels.Core.Metrics;
using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Fairness;

/// <summary>Compares a model's scores and the observed outcomes across the groups of each audited attribute.</summary>
public static class AssessFairness
{
    /// <summary>The group of rows whose value is null or blank.</summary>
    public const string MissingGroup = "(missing)";

    /// <summary>
    /// Smallest group whose numbers are reported. A positive rate from n rows has a standard error of up to 0.5 / √n, about
    /// 0.11 at n = 20, so smaller groups would show gaps that are mostly noise; small groups are also easier to re-identify.
    /// </summary>
    public const int DefaultMinGroupSize = 20;

    /// <summary>Where a rate at the threshold is measured when the caller gives none: the midpoint of a probability.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The per-group metrics, in the order their values are written by <see cref="GroupValues"/>.</summary>
    private static readonly FairnessMetric[] s_perGroup =
    [
        FairnessMetric.PositiveRate, FairnessMetric.MeanPredicted, FairnessMetric.Auc, FairnessMetric.Calibration,
        FairnessMetric.SelectionRate, FairnessMetric.TruePositiveRate, FairnessMetric.FalsePositiveRate,
    ];

    /// <param name="attributes">Attributes to audit, each with one group value per scored row.</param>
    /// <param name="scores">Predicted probabilities, each in [0, 1].</param>
    /// <param name="labels">True outcomes, one per score.</param>
    /// <param name="minGroupSize">Groups with fewer rows are reported as too small, with no numbers, and left out of the gaps.</param>
    /// <param name="threshold">Decision threshold for the selection, true-positive and false-positive rates (a score at or above it is selected).</param>
    /// <param name="bootstrap">
    /// When given, every gap gets its 95% interval from these resamples: a spread is inflated by noise, so the interval is
    /// the hull of the percentile and basic intervals (<see cref="StratifiedBootstrap.Hull"/>). A resample measures each group that is
    /// reportable on the real rows (never one that is too small there); a group whose value is undefined in a resample
    /// (say, no positives drawn for its TPR) sits that resample out, and a resample with fewer than two values gives no gap.
    /// </param>
    public static FairnessReport Run(
        IReadOnlyList<FairnessAttributeInput> attributes,
        ReadOnlySpan<double> scores,
        ReadOnlySpan<bool> labels,
        int minGroupSize = DefaultMinGroupSize,
        double threshold = DefaultThreshold,
        StratifiedBootstrap? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentOutOfRangeException.ThrowIfLessThan(minGroupSize, 1);
        BinaryMetrics.CheckProbabilities(scores, labels);
        if (bootstrap is not null && bootstrap.Rows != scores.Length)
        {
            throw new ArgumentException($"The bootstrap draws {bootstrap.Rows} rows but there are {scores.Length} scores.", nameof(bootstrap));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<AttributeFairness>(attributes.Count);
        double[] p = scores.ToArray();
        bool[] y = labels.ToArray();
        SortedScores? sorted = bootstrap is null ? null : new SortedScores(p);
        foreach (FairnessAttributeInput attribute in attributes)
        {
            if (!seen.Add(attribute.Attribute))
            {
                throw new ArgumentException($"Attribute '{attribute.Attribute}' is given twice.", nameof(attributes));
            }

            if (attribute.Values.Count != scores.Length)
            {
                throw new ArgumentException(
                    $"Attribute '{attribute.Attribute}' has {attribute.Values.Count} values for {scores.Length} scored rows.",
                    nameof(attributes));
            }

            results.Add(AssessAttribute(attribute, p, y, minGroupSize, threshold, bootstrap, sorted));
        }

        return new FairnessReport(minGroupSize, results);
    }

    private static AttributeFairness AssessAttribute(
        FairnessAttributeInput attribute, double[] scores, bool[] labels, int minGroupSize, double threshold, StratifiedBootstrap? bootstrap, SortedScores? sorted)
    {
        var rowsByGroup = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < scores.Length; i++)
        {
            string? value = attribute.Values[i];
            string group = string.IsNullOrWhiteSpace(value) ? MissingGroup : value;
            if (!rowsByGroup.TryGetValue(group, out List<int>? rows))
            {
                rows = [];
                rowsByGroup.Add(group, rows);
            }

            rows.Add(i);
        }

        var groups = new List<GroupFairness>(rowsByGroup.Count);
        var reportable = new List<string>();
        int[] groupOf = new int[scores.Length];
        Array.Fill(groupOf, -1);
        foreach ((string group, List<int> rows) in rowsByGroup)
        {
            if (rows.Count < minGroupSize)
            {
                groups.Add(new GroupFairness(group, rows.Count, TooSmall: true, null, null, null, null));
                continue;
            }

            foreach (int row in rows)
            {
                groupOf[row] = reportable.Count;
            }

            reportable.Add(group);
            groups.Add(AssessGroup(group, rows, scores, labels, threshold));
        }

        var gaps = new List<FairnessGap>();
        foreach (FairnessMetric metric in s_perGroup)
        {
            if (Spread(attribute.Attribute, metric, groups) is { } gap)
            {
                gaps.Add(gap);
            }
        }

        if (EqualizedOdds(gaps) is { } odds)
        {
            gaps.Add(odds);
        }

        gaps.Sort((a, b) => a.Metric.CompareTo(b.Metric));
        if (bootstrap is not null && sorted is not null && gaps.Count > 0)
        {
            gaps = WithIntervals(gaps, reportable.Count, groupOf, scores, labels, threshold, bootstrap, sorted);
        }

        return new AttributeFairness(attribute.Attribute, attribute.AuditOnly, groups, gaps);
    }

    private static GroupFairness AssessGroup(string group, List<int> rows, double[] scores, bool[] labels, double threshold)
    {
        double[] groupScores = new double[rows.Count];
        bool[] groupLabels = new bool[rows.Count];
        for (int k = 0; k < rows.Count; k++)
        {
            groupScores[k] = scores[rows[k]];
            groupLabels[k] = labels[rows[k]];
        }

        int positives = BinaryMetrics.CountPositives(groupLabels);
        double positiveRate = (double)positives / rows.Count;
        double meanPredicted = groupScores.Average();
        double auc = BinaryMetrics.RocAuc(groupScores, groupLabels);
        ThresholdMetrics at = BinaryMetrics.AtThreshold(groupScores, groupLabels, threshold);
        int negatives = rows.Count - positives;
        return new GroupFairness(
            group,
            rows.Count,
            TooSmall: false,
            positiveRate,
            meanPredicted,
            double.IsNaN(auc) ? null : auc,
            meanPredicted - positiveRate,
            (double)(at.TruePositives + at.FalsePositives) / rows.Count,
            positives == 0 ? null : (double)at.TruePositives / positives,
            negatives == 0 ? null : (double)at.FalsePositives / negatives);
    }

    private static double? Value(GroupFairness group, FairnessMetric metric) => metric switch
    {
        FairnessMetric.PositiveRate => group.PositiveRate,
        FairnessMetric.MeanPredicted => group.MeanPredicted,
        FairnessMetric.Auc => group.Auc,
        FairnessMetric.Calibration => group.CalibrationGap is double c ? Math.Abs(c) : null,
        FairnessMetric.SelectionRate => group.SelectionRate,
        FairnessMetric.TruePositiveRate => group.TruePositiveRate,
        FairnessMetric.FalsePositiveRate => group.FalsePositiveRate,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    private static FairnessGap? Spread(string attribute, FairnessMetric metric, List<GroupFairness> groups)
    {
        GroupFairness? low = null, high = null;
        double lowValue = 0, highValue = 0;
        int compared = 0;
        foreach (GroupFairness group in groups)
        {
            if (group.TooSmall || Value(group, metric) is not double v)
            {
                continue;
            }

            compared++;
            if (low is null || v < lowValue)
            {
                low = group;
                lowValue = v;
            }

            if (high is null || v > highValue)
            {
                high = group;
                highValue = v;
            }
        }

        return compared < 2 || low is null || high is null
            ? null
            : new FairnessGap(attribute, metric, highValue - lowValue, low.Group, lowValue, high.Group, highValue);
    }

    /// <summary>The larger of the TPR and FPR gaps (TPR wins a tie), relabelled as the equalized odds difference.</summary>
    private static FairnessGap? EqualizedOdds(List<FairnessGap> gaps)
    {
        FairnessGap? tpr = gaps.FirstOrDefault(g => g.Metric == FairnessMetric.TruePositiveRate);
        FairnessGap? fpr = gaps.FirstOrDefault(g => g.Metric == FairnessMetric.FalsePositiveRate);
        FairnessGap? larger = tpr is null ? fpr : fpr is null || tpr.Gap >= fpr.Gap ? tpr : fpr;
        return larger is null ? null : larger with { Metric = FairnessMetric.EqualizedOdds };
    }

    private static List<FairnessGap> WithIntervals(
        List<FairnessGap> gaps, int groupCount, int[] groupOf, double[] scores, bool[] labels, double threshold, StratifiedBootstrap bootstrap, SortedScores sorted)
    {
        double[] estimates = [.. gaps.Select(g => g.Gap)];
        FairnessMetric[] metrics = [.. gaps.Select(g => g.Metric)];
        Interval[] intervals = bootstrap.Intervals(estimates, (counts, values) =>
        {
            double[,] perGroup = GroupValues(groupCount, groupOf, scores, labels, threshold, counts, sorted);
            for (int k = 0; k < metrics.Length; k++)
            {
                values[k] = metrics[k] == FairnessMetric.EqualizedOdds
                    ? Max(SpreadOf(perGroup, Array.IndexOf(s_perGroup, FairnessMetric.TruePositiveRate)), SpreadOf(perGroup, Array.IndexOf(s_perGroup, FairnessMetric.FalsePositiveRate)))
                    : SpreadOf(perGroup, Array.IndexOf(s_perGroup, metrics[k]));
            }
        }, upwardBiased: _ => true);
        return [.. gaps.Select((g, k) => g with { Low = Defined(intervals[k].Low), High = Defined(intervals[k].High) })];
    }

    private static double? Defined(double x) => double.IsNaN(x) ? null : x;

    /// <summary>The larger of two spreads; NaN only when both are undefined.</summary>
    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>Max − min of one metric over the groups that have a value; NaN with fewer than two.</summary>
    private static double SpreadOf(double[,] perGroup, int metric)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        int compared = 0;
        for (int g = 0; g < perGroup.GetLength(0); g++)
        {
            double v = perGroup[g, metric];
            if (!double.IsNaN(v))
            {
                compared++;
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        return compared < 2 ? double.NaN : high - low;
    }

    /// <summary>Every per-group metric of one resample, [group, metric in <see cref="s_perGroup"/> order]; NaN where undefined.</summary>
    private static double[,] GroupValues(int groupCount, int[] groupOf, double[] scores, bool[] labels, double threshold, int[] counts, SortedScores sorted)
    {
        double[] weight = new double[groupCount], positives = new double[groupCount], scoreSum = new double[groupCount];
        double[] selected = new double[groupCount], truePositives = new double[groupCount], falsePositives = new double[groupCount];
        for (int i = 0; i < scores.Length; i++)
        {
            int g = groupOf[i];
            int w = counts[i];
            if (g < 0 || w == 0)
            {
                continue;
            }

            weight[g] += w;
            scoreSum[g] += w * scores[i];
            bool chosen = scores[i] >= threshold;
            if (labels[i])
            {
                positives[g] += w;
            }

            if (chosen)
            {
                selected[g] += w;
                if (labels[i])
                {
                    truePositives[g] += w;
                }
                else
                {
                    falsePositives[g] += w;
                }
            }
        }

        double[] auc = new double[groupCount];
        sorted.GroupRocAuc(labels, counts, groupOf, auc);
        double[,] values = new double[groupCount, s_perGroup.Length];
        for (int g = 0; g < groupCount; g++)
        {
            double n = weight[g], negatives = weight[g] - positives[g];
            double rate = n == 0 ? double.NaN : positives[g] / n;
            double mean = n == 0 ? double.NaN : scoreSum[g] / n;
            values[g, 0] = rate;
            values[g, 1] = mean;
            values[g, 2] = auc[g];
            values[g, 3] = Math.Abs(mean - rate);
            values[g, 4] = n == 0 ? double.NaN : selected[g] / n;
            values[g, 5] = positives[g] == 0 ? double.NaN : truePositives[g] / positives[g];
            values[g, 6] = negatives == 0 ? double.NaN : falsePositives[g] / negatives;
        }

        return values;
    }
}

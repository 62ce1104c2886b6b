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

    /// <param name="attributes">Attributes to audit, each with one group value per scored row.</param>
    /// <param name="scores">Predicted probabilities, each in [0, 1].</param>
    /// <param name="labels">True outcomes, one per score.</param>
    /// <param name="minGroupSize">Groups with fewer rows are reported as too small, with no numbers, and left out of the gaps.</param>
    public static FairnessReport Run(
        IReadOnlyList<FairnessAttributeInput> attributes,
        ReadOnlySpan<double> scores,
        ReadOnlySpan<bool> labels,
        int minGroupSize = DefaultMinGroupSize)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentOutOfRangeException.ThrowIfLessThan(minGroupSize, 1);
        BinaryMetrics.CheckProbabilities(scores, labels);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<AttributeFairness>(attributes.Count);
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

            results.Add(AssessAttribute(attribute, scores, labels, minGroupSize));
        }

        return new FairnessReport(minGroupSize, results);
    }

    private static AttributeFairness AssessAttribute(
        FairnessAttributeInput attribute,
        ReadOnlySpan<double> scores,
        ReadOnlySpan<bool> labels,
        int minGroupSize)
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
        foreach ((string group, List<int> rows) in rowsByGroup)
        {
            groups.Add(rows.Count < minGroupSize
                ? new GroupFairness(group, rows.Count, TooSmall: true, null, null, null, null)
                : AssessGroup(group, rows, scores, labels));
        }

        var gaps = new List<FairnessGap>();
        foreach (FairnessMetric metric in Enum.GetValues<FairnessMetric>())
        {
            FairnessGap? gap = Spread(attribute.Attribute, metric, groups);
            if (gap is not null)
            {
                gaps.Add(gap);
            }
        }

        return new AttributeFairness(attribute.Attribute, attribute.AuditOnly, groups, gaps);
    }

    private static GroupFairness AssessGroup(string group, List<int> rows, ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        double[] groupScores = new double[rows.Count];
        bool[] groupLabels = new bool[rows.Count];
        for (int k = 0; k < rows.Count; k++)
        {
            groupScores[k] = scores[rows[k]];
            groupLabels[k] = labels[rows[k]];
        }

        double positiveRate = (double)BinaryMetrics.CountPositives(groupLabels) / rows.Count;
        double meanPredicted = groupScores.Average();
        double auc = BinaryMetrics.RocAuc(groupScores, groupLabels);
        return new GroupFairness(
            group,
            rows.Count,
            TooSmall: false,
            positiveRate,
            meanPredicted,
            double.IsNaN(auc) ? null : auc,
            meanPredicted - positiveRate);
    }

    private static FairnessGap? Spread(string attribute, FairnessMetric metric, List<GroupFairness> groups)
    {
        GroupFairness? low = null, high = null;
        double lowValue = 0, highValue = 0;
        int compared = 0;
        foreach (GroupFairness group in groups)
        {
            double? value = metric switch
            {
                FairnessMetric.PositiveRate => group.PositiveRate,
                FairnessMetric.MeanPredicted => group.MeanPredicted,
                FairnessMetric.Auc => group.Auc,
                FairnessMetric.Calibration => group.CalibrationGap is double c ? Math.Abs(c) : null,
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
            };
            if (value is not double v)
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
}

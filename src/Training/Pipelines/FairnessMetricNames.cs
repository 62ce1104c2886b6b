using MatchModels.Training.Fairness;

namespace MatchModels.Training.Pipelines;

/// <summary>How pipeline files spell the fairness gate's metric (the metric itself is <see cref="FairnessMetric"/>).</summary>
public static class FairnessMetricNames
{
    private static readonly YamlNames<FairnessMetric> s_names = new(
        (FairnessMetric.Auc, "auc"),
        (FairnessMetric.PositiveRate, "positive_rate"),
        (FairnessMetric.MeanPredicted, "mean_predicted"),
        (FairnessMetric.Calibration, "calibration"),
        (FairnessMetric.SelectionRate, "selection_rate"),
        (FairnessMetric.TruePositiveRate, "true_positive_rate"),
        (FairnessMetric.FalsePositiveRate, "false_positive_rate"),
        (FairnessMetric.EqualizedOdds, "equalized_odds"));

    public static IReadOnlyList<string> All => s_names.Names;

    internal static YamlNames<FairnessMetric> Yaml => s_names;

    public static bool TryParse(string name, out FairnessMetric metric) => s_names.TryParse(name, out metric);

    extension(FairnessMetric metric)
    {
        /// <summary>As pipeline files spell it: auc, positive_rate, mean_predicted, calibration, selection_rate, true_positive_rate, false_positive_rate, equalized_odds.</summary>
        public string YamlName => s_names.Of(metric);
    }
}

namespace MatchModels.Training.Pipelines;

/// <summary>The metric a model search ranks candidates by, and the champion comparison uses.</summary>
public enum SelectionMetric
{
    /// <summary>Area under the ROC curve.</summary>
    Auc,

    /// <summary>Area under the precision-recall curve: more telling than AUC when positives are rare.</summary>
    PrAuc,

    /// <summary>Mean negative log-likelihood of the labels; lower is better.</summary>
    LogLoss,

    /// <summary>Mean squared error of the predicted probability; lower is better.</summary>
    Brier,
}

public static class SelectionMetricNames
{
    private static readonly YamlNames<SelectionMetric> s_names = new(
        (SelectionMetric.Auc, "auc"),
        (SelectionMetric.PrAuc, "pr_auc"),
        (SelectionMetric.LogLoss, "log_loss"),
        (SelectionMetric.Brier, "brier"));

    public static IReadOnlyList<string> All => s_names.Names;

    internal static YamlNames<SelectionMetric> Yaml => s_names;

    public static bool TryParse(string name, out SelectionMetric metric) => s_names.TryParse(name, out metric);

    extension(SelectionMetric metric)
    {
        /// <summary>As pipeline files spell it: auc, pr_auc, log_loss, brier.</summary>
        public string YamlName => s_names.Of(metric);

        /// <summary>True for the areas under curves; log loss and Brier score are errors, so they are minimised.</summary>
        public bool HigherIsBetter => metric is SelectionMetric.Auc or SelectionMetric.PrAuc;

        /// <summary>True when <paramref name="candidate"/> beats <paramref name="incumbent"/> by at least <paramref name="margin"/>.</summary>
        public bool Beats(double candidate, double incumbent, double margin) =>
            metric.HigherIsBetter ? candidate - incumbent >= margin : incumbent - candidate >= margin;
    }
}

using MatchModels.Training.Fairness;

namespace MatchModels.Training.Pipelines;

/// <summary>The values a pipeline gets for the keys it leaves out. pipelines/README.md documents each one.</summary>
public static class PipelineDefaults
{
    /// <summary>Any fixed value would do: what matters is that two runs of the same file draw the same folds and models.</summary>
    public const int Seed = 42;

    /// <summary>One cohort alone is often too small to measure AUC on; two keep the hold-out recent and still sizeable.</summary>
    public const int TestCohorts = 2;

    /// <summary>The usual k of k-fold cross-validation (scikit-learn's and ML.NET's default): 80% of the data fits each fold.</summary>
    public const int Folds = 5;

    /// <summary>
    /// With 20 positives the 95% interval of an AUC near 0.7 is still about ±0.13 (Hanley and McNeil 1982
    /// standard error); with fewer, selecting or gating a model on that split is guesswork.
    /// </summary>
    public const int MinPositives = 20;

    /// <summary>The same floor for a fairness group, for the same reason: smaller groups are reported but not gated.</summary>
    public const int MinGroupSize = 20;

    public const SelectionMetric Metric = SelectionMetric.Auc;

    public const FairnessMetric GapMetric = FairnessMetric.Auc;

    /// <summary>Pair-success features are computed as of the match date itself.</summary>
    public const int PairSuccessCutoffDays = 0;

    /// <summary>Every trainer, so that a pipeline which does not choose compares them all.</summary>
    public static ValueList<TrainerKind> Trainers { get; } = new(Enum.GetValues<TrainerKind>());
}

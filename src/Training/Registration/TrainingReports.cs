using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Registration;

/// <summary>
/// The evaluation block of model.json: the test metrics, their bootstrap intervals and, when the data carried a truth,
/// the oracle's. <paramref name="Intervals"/> is null in versions registered before intervals were recorded.
/// </summary>
public sealed record EvaluationBlock(EvaluationMetrics Test, EvaluationMetrics? Oracle, string? Verdict, MetricIntervals? Intervals = null);

/// <summary>
/// The training-side reports a manifest carries as JSON (Core keeps them opaque): written with the same options
/// as run.json and read back into Training's records when gates are checked again at promotion.
/// </summary>
public static class TrainingReports
{
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, TrainPipeline.Json);

    public static EvaluationBlock? Evaluation(ModelManifest m) => Read<EvaluationBlock>(m.Evaluation, m, "evaluation");

    public static FairnessReport? Fairness(ModelManifest m) => Read<FairnessReport>(m.Fairness, m, "fairness");

    public static GateResult? Gates(ModelManifest m) => Read<GateResult>(m.Gates, m, "gates");

    /// <summary>Suffixes of the flat keys holding a metric's 95% interval: roc_auc_ci_low, roc_auc_ci_high.</summary>
    public const string LowSuffix = "_ci_low";

    public const string HighSuffix = "_ci_high";

    /// <summary>
    /// Flat metric names for listings and comparisons, as in run.json (test_ and oracle_ are implied by the block), with
    /// each interval's ends as <c>NAME_ci_low</c> and <c>NAME_ci_high</c> when <paramref name="intervals"/> is given.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Flat(EvaluationMetrics m, MetricIntervals? intervals = null)
    {
        var flat = FlatMetrics(m);
        if (intervals is null)
        {
            return flat;
        }

        var withIntervals = new SortedDictionary<string, double>(flat.ToDictionary(), StringComparer.Ordinal);
        foreach ((string name, Interval? interval) in (ReadOnlySpan<(string, Interval?)>)[
            ("roc_auc", intervals.RocAuc), ("pr_auc", intervals.PrAuc), ("log_loss", intervals.LogLoss), ("brier", intervals.Brier),
            ("ece", intervals.Ece), ("brier_skill", intervals.BrierSkill), ("oracle_ratio", intervals.OracleRatio)])
        {
            if (interval is not null && !double.IsNaN(interval.Low))
            {
                withIntervals[name + LowSuffix] = interval.Low;
                withIntervals[name + HighSuffix] = interval.High;
                if (name == "oracle_ratio")
                {
                    withIntervals[name] = interval.Estimate;
                }
            }
        }

        return withIntervals;
    }

    private static IReadOnlyDictionary<string, double> FlatMetrics(EvaluationMetrics m) => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["brier_skill"] = m.BrierSkill,
        ["roc_auc"] = m.RocAuc,
        ["pr_auc"] = m.PrAuc,
        ["log_loss"] = m.LogLoss,
        ["brier"] = m.Brier,
        ["base_rate_brier"] = m.BaseRateBrier,
        ["base_rate"] = m.BaseRate,
        ["ece"] = m.Ece,
        ["f1"] = m.AtThreshold.F1,
        ["precision"] = m.AtThreshold.Precision,
        ["recall"] = m.AtThreshold.Recall,
        ["rows"] = m.Rows,
    };

    private static T? Read<T>(JsonElement? element, ModelManifest m, string block)
        where T : class
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        try
        {
            return e.Deserialize<T>(TrainPipeline.Json);
        }
        catch (JsonException ex)
        {
            throw new RegistryException($"{m.Name}:{m.Version} model.json has an unreadable {block} block ({ex.Message})");
        }
    }
}

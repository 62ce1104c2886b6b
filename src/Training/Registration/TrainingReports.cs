using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Registration;

/// <summary>The evaluation block of model.json: the test metrics and, when the data carried a truth, the oracle's.</summary>
public sealed record EvaluationBlock(EvaluationMetrics Test, EvaluationMetrics? Oracle, string? Verdict);

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

    /// <summary>Flat metric names for listings and comparisons, as in run.json (test_ and oracle_ are implied by the block).</summary>
    public static IReadOnlyDictionary<string, double> Flat(EvaluationMetrics m) => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
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

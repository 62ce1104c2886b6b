using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Training.Fairness;
using MatchModels.Training.Gates;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;
using Microsoft.ML;

namespace MatchModels.Training.Registration;

/// <summary>
/// <c>matchmodels models register RUN_DIR</c>: registers the model a past run kept (one trained with --no-register,
/// or whose gates failed then). The gates are checked again against today's champion unless forced with a reason:
/// failed gates refuse (unless forced), inconclusive gates register but move an alias only with a reason, as promotion does.
/// </summary>
public static class RegisterRun
{
    public static (ModelVersion Version, GateResult? Gates) Run(ModelRegistry registry, TimeProvider clock, string runDirectory, string? alias, bool force, string? reason)
    {
        PromoteWithGates.RequireReasonWhenForced(force, reason);

        string runJson = Path.Combine(runDirectory, "run.json");
        if (!File.Exists(runJson))
        {
            throw new TrainingException($"{runDirectory} is not a training run folder (no run.json)");
        }

        RunRecord record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(runJson), TrainPipeline.Json)
            ?? throw new TrainingException($"{runJson} is empty");
        if (record.Status != "succeeded" || record.Test is null)
        {
            throw new TrainingException($"run {record.RunId} did not succeed (status {record.Status}{(record.Error is null ? "" : $": {record.Error}")}): there is no model to register");
        }

        string pipelineYaml = File.ReadAllText(Path.Combine(runDirectory, "pipeline.yaml"));
        PipelineSpec spec = PipelineFile.Parse(pipelineYaml, Path.Combine(runDirectory, "pipeline.yaml"));
        GateResult? gates = null;
        if (!force)
        {
            double? champion = PromoteWithGates.HolderMetric(registry, spec.Name, ModelReference.Champion, spec.Search.Metric, exceptVersion: null);
            gates = CheckGates.Run(spec.Gates, spec.Search.Metric, record.Test, record.Intervals, record.Fairness ?? new FairnessReport(spec.Fairness.MinGroupSize, []), champion);
            if (gates.Outcome == GateOutcome.Fail)
            {
                throw new PromotionRefusedException($"run {record.RunId} fails its gates ({gates.FailedSummary()}); nothing was registered. Use --force --reason \"…\" to override", gates);
            }

            if (gates.Outcome == GateOutcome.Inconclusive && alias is not null && string.IsNullOrWhiteSpace(reason))
            {
                throw new PromotionRefusedException(
                    $"run {record.RunId} has inconclusive gates ({gates.Summary(GateOutcome.Inconclusive)}): register it without --alias, or give --reason \"…\" for pointing {alias} at it; nothing was registered", gates);
            }
        }

        var ml = new MLContext(record.Seed);
        string modelDir = Path.Combine(runDirectory, "model");
        TrainedModel model = TrainedModel.Load(modelDir, ml);
        float[] rows = TrainedModel.LoadTestFeatures(modelDir);
        ModelVersion version = RegisterTrainedModel.Run(registry, clock, spec.Name, model, ml, rows, rows.Length / model.FeatureNames.Count, TrainedModel.LoadReference(modelDir), record with { Gates = gates ?? record.Gates },
            runDirectory, pipelineYaml, Path.Combine(runDirectory, "report.html"), alias, force ? $"forced: {reason}" : reason);
        if (force)
        {
            using RegistryLock held = RegistryLock.Acquire(registry.ModelDirectory(spec.Name));
            RegistryHistory.Append(registry.ModelDirectory(spec.Name), new RegistryEvent(clock.GetUtcNow().UtcDateTime, "registered_forced", version.Manifest.Version, Reason: reason, Forced: true, User: Environment.UserName));
        }

        return (version, gates);
    }
}

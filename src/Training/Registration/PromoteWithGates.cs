using MatchModels.Core.Registry;
using MatchModels.Training.Gates;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Registration;

/// <summary><c>matchmodels models promote NAME VERSION [--alias A] [--force --reason "…"]</c>.</summary>
public sealed record PromotionRequest(string Name, int Version, string Alias = ModelReference.Champion, bool Force = false, string? Reason = null);

/// <summary>The alias change, and the gates as checked (null when forced past them); <see cref="Reviewed"/> when a person's reason settled inconclusive gates.</summary>
public sealed record PromotionResult(AliasChange Change, GateResult? Gates, bool Forced, string? Reason, bool Reviewed = false);

/// <summary>A promotion the gates refused; <see cref="Gates"/> says which and why.</summary>
public sealed class PromotionRefusedException(string message, GateResult? gates) : Exception(message)
{
    public GateResult? Gates { get; } = gates;
}

/// <summary>
/// Promotion applies the same gates as training, recomputed from what the version recorded (its resolved pipeline,
/// test metrics with their intervals, and fairness report) against the version the alias points at now, with the same
/// tri-state logic: passing gates promote; inconclusive gates promote only with a person's --reason (the evidence did
/// not decide, so a person does, and the history keeps why); failed gates promote only with --force and a reason.
/// </summary>
public static class PromoteWithGates
{
    public static PromotionResult Run(ModelRegistry registry, PromotionRequest request, DateTime nowUtc)
    {
        RequireReasonWhenForced(request.Force, request.Reason);

        ModelVersion candidate = registry.Open(request.Name, request.Version);
        if (request.Force)
        {
            return new PromotionResult(SetAlias.Run(registry, request.Name, request.Alias, request.Version, nowUtc, request.Reason, forced: true), null, true, request.Reason);
        }

        GateResult gates = Check(registry, candidate, request.Alias);
        if (gates.Outcome == GateOutcome.Fail)
        {
            throw new PromotionRefusedException($"{request.Name}:{request.Version} fails the promotion gates ({gates.FailedSummary()}); nothing changed. Use --force --reason \"…\" to override", gates);
        }

        bool reviewed = gates.Outcome == GateOutcome.Inconclusive;
        if (reviewed && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new PromotionRefusedException(
                $"{request.Name}:{request.Version} has inconclusive gates ({gates.Summary(GateOutcome.Inconclusive)}): the evidence does not decide, so a person does. Promote it with --reason \"…\" (kept in the registry's history); nothing changed", gates);
        }

        string? reason = reviewed ? $"gates inconclusive, reviewed: {request.Reason}" : request.Reason;
        return new PromotionResult(SetAlias.Run(registry, request.Name, request.Alias, request.Version, nowUtc, reason, forced: false), gates, false, request.Reason, reviewed);
    }

    /// <summary>Skipping the gates is allowed only with a reason, which the registry's history keeps.</summary>
    public static void RequireReasonWhenForced(bool force, string? reason)
    {
        if (force && string.IsNullOrWhiteSpace(reason))
        {
            throw new PromotionRefusedException("--force needs --reason \"…\": the reason is kept in the registry's history", null);
        }
    }

    /// <summary>The gates of <paramref name="candidate"/>'s own pipeline, with the alias's current holder as the champion to beat.</summary>
    public static GateResult Check(ModelRegistry registry, ModelVersion candidate, string alias)
    {
        ModelManifest m = candidate.Manifest;
        EvaluationBlock? evaluation = TrainingReports.Evaluation(m);
        Core.Registry.PipelineReference? pipeline = m.Pipeline;
        if (evaluation is null || pipeline is null || !m.Digests.Files.ContainsKey(pipeline.File))
        {
            throw new PromotionRefusedException(
                $"{m.Name}:{m.Version} was {(m.Source == ModelManifest.SourceImported ? "imported" : "registered")} without a pipeline and an evaluation, so there are no gates to check; promote it with --force --reason \"…\"", null);
        }

        PipelineSpec spec = PipelineFile.Parse(File.ReadAllText(candidate.PathOf(pipeline.File)), candidate.PathOf(pipeline.File));
        double? championMetric = HolderMetric(registry, m.Name, alias, spec.Search.Metric, exceptVersion: m.Version);
        return CheckGates.Run(spec.Gates, spec.Search.Metric, evaluation.Test, evaluation.Intervals, TrainingReports.Fairness(m) ?? new Fairness.FairnessReport(spec.Fairness.MinGroupSize, []), championMetric);
    }

    /// <summary>
    /// The test value of <paramref name="metric"/> of the version <paramref name="alias"/> points at: what a candidate must beat
    /// for min_improvement. Null when the alias is unset, points at <paramref name="exceptVersion"/>, or its holder has no evaluation (imported).
    /// </summary>
    public static double? HolderMetric(ModelRegistry registry, string name, string alias, SelectionMetric metric, int? exceptVersion)
    {
        if (!registry.Aliases(name).TryGetValue(alias, out int current) || current == exceptVersion)
        {
            return null;
        }

        EvaluationBlock? holder = TrainingReports.Evaluation(registry.Open(name, current).Manifest);
        return holder is null ? null : CheckGates.Value(metric, holder.Test);
    }
}

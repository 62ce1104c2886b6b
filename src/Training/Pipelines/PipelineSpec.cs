using System.Security.Cryptography;
using System.Text;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.Schemas;
using MatchModels.Monitoring.Settings;

using MatchModels.Training.Fairness;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// A training pipeline as a pipeline file declares it, with every default filled in (pipelines/README.md documents
/// each key). <see cref="PipelineFile"/> makes one only from a file that passed every check; one built in code is
/// taken as it is.
/// </summary>
/// <param name="Name">Registry model name: lower-case letters, digits and hyphens.</param>
/// <param name="Task">Which predictor: the feature builder and the kind of label rule.</param>
/// <param name="Data">Directory of the four history tables, as written in the file: resolving it is the caller's job.</param>
/// <param name="Seed">Seeds every random choice of the run (folds, search, trainers).</param>
/// <param name="Label">The label rule: a <see cref="PairSuccessLabel"/> or a <see cref="DropoutLabel"/>, as the task.</param>
/// <param name="CutoffDays">Days after the match at which features are computed: 0 for pair-success, more for drop-out.</param>
/// <param name="Features">
/// The model's inputs in the file's order: names of the task's feature builder, plus the audit-only attributes the
/// file allows and lists, kept as their column names for the caller to encode.
/// </param>
/// <param name="AllowAuditFeatures">Audit-only attributes the file allows as features.</param>
/// <param name="Split">Temporal hold-out and cross-validation.</param>
/// <param name="Search">Which trainers to try, for how long, ranked by what.</param>
/// <param name="Gates">Promotion gates; a null threshold is a gate that is not applied.</param>
/// <param name="Fairness">Which groups fairness is measured over.</param>
public sealed record PipelineSpec(
    string Name,
    PipelineTask Task,
    string Data,
    int Seed,
    LabelSpec Label,
    int CutoffDays,
    ValueList<string> Features,
    ValueList<string> AllowAuditFeatures,
    SplitSpec Split,
    SearchSpec Search,
    GateSpec Gates,
    FairnessSpec Fairness)
{
    /// <summary>Participant columns marked x-audit-only in data/schemas/participants.schema.json (gender, age_band).</summary>
    public static IReadOnlyList<string> AuditAttributes { get; } =
        HistorySchemas.Participants.Columns.Where(c => c.AuditOnly).Select(c => c.Name).ToArray();

    /// <summary>How the model is monitored and retrained (the <c>monitoring:</c> section); the defaults when the file has none.</summary>
    public MonitoringSettings Monitoring { get; init; } = MonitoringSettings.Default;

    /// <summary>The participant columns the file declares (the <c>columns:</c> section, ADR 0021), in its order; empty when none.</summary>
    public ValueList<DeclaredColumn> Columns { get; init; } = [];

    /// <summary>Whether <paramref name="attribute"/> names an audit-only attribute: a schema one, or a column declared audit_only.</summary>
    public bool IsAuditAttribute(string attribute) =>
        AuditAttributes.Contains(attribute) || Columns.Any(c => c.Name == attribute && c.AuditOnly);

    /// <summary>The features that are audit-only attributes: every report of this pipeline must flag them.</summary>
    public IReadOnlyList<string> AuditFeatures => Features.Where(AuditAttributes.Contains).ToArray();

    /// <summary>The features the Core builder computes, in the file's order (the audit attributes left out).</summary>
    public IReadOnlyList<string> BuilderFeatures => Features.Where(f => !AuditAttributes.Contains(f)).ToArray();

    /// <summary>The Core builder of the task, at this pipeline's cut-off.</summary>
    public PairFeatureBuilder FeatureBuilder => Task == PipelineTask.PairSuccess
        ? PairFeatureBuilder.PairSuccess
        : PairFeatureBuilder.Dropout(CutoffDays);

    /// <summary>
    /// The resolved pipeline: every key, every default filled in, in a fixed order and format, so that run records
    /// show what actually ran and <see cref="Digest"/> changes exactly when that does. It parses back to an equal spec.
    /// </summary>
    public string ToYaml() => ResolvedPipelineYaml.Write(this);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <see cref="ToYaml"/>.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToYaml())));
}

/// <summary>How a pair's label is computed from the history; <see cref="LabelRules"/> applies it.</summary>
public abstract record LabelSpec;

/// <summary>
/// Success: the pair was accepted, held at least <paramref name="MinSessions"/> sessions within
/// <paramref name="WithinDays"/> days of matched_at and, when <paramref name="MinMenteeSatisfaction"/> is set, its
/// outcome survey gave mentee_satisfaction at least that.
/// </summary>
public sealed record PairSuccessLabel(int MinSessions, int WithinDays, int? MinMenteeSatisfaction) : LabelSpec;

/// <summary>
/// Dropped: the pair ended as mentee_dropped or mentor_dropped, or ended for any reason but rematched with no
/// session in the last <paramref name="NoSessionDays"/> days before ended_at.
/// </summary>
public sealed record DropoutLabel(int NoSessionDays) : LabelSpec;

/// <param name="TestCohorts">The latest cohorts, by their first matched_at, held out as the temporal test set.</param>
/// <param name="Folds">Group-aware cross-validation folds over the earlier cohorts.</param>
/// <param name="MinPositives">Training is refused when a split has fewer positives, or fewer negatives, than this.</param>
public sealed record SplitSpec(int TestCohorts, int Folds, int MinPositives)
{
    public static SplitSpec Default { get; } = new(PipelineDefaults.TestCohorts, PipelineDefaults.Folds, PipelineDefaults.MinPositives);
}

/// <param name="Trainers">The trainers to try, in the file's order.</param>
/// <param name="BudgetSeconds">Wall-clock budget of the search; ignored when <paramref name="Trials"/> is set.</param>
/// <param name="Trials">Number of candidates to try: deterministic, unlike a time budget.</param>
/// <param name="Metric">What candidates are ranked by.</param>
public sealed record SearchSpec(ValueList<TrainerKind> Trainers, double? BudgetSeconds, int? Trials, SelectionMetric Metric)
{
    /// <summary>True when the search stops after a number of trials rather than a time budget.</summary>
    public bool UsesTrials => Trials is not null;
}

/// <summary>
/// The promotion gates. Each is weighed on its 95% bootstrap interval: pass when the interval is wholly on the right
/// side of the threshold, fail when wholly on the wrong side, inconclusive otherwise (<see cref="Gates.WeighEvidence"/>).
/// </summary>
/// <param name="MinAuc">The test AUC must be at least this.</param>
/// <param name="MaxEce">The test expected calibration error must be at most this.</param>
/// <param name="MaxFairnessGap">The gap of <paramref name="FairnessMetric"/> between groups of every attribute must be at most this.</param>
/// <param name="FairnessMetric">What the fairness gap compares.</param>
/// <param name="MinImprovement">The selection metric must beat the current champion's by at least this (lower for log_loss and brier).</param>
/// <param name="MinBrierSkill">The Brier skill score against the base rate, 1 − Brier / BaseRateBrier, must be above this.</param>
/// <param name="MaxDemographicParityDifference">The selection-rate gap at the decision threshold (Fairlearn's demographic_parity_difference) must be at most this.</param>
/// <param name="MaxEqualizedOddsDifference">The larger of the TPR and FPR gaps (Fairlearn's equalized_odds_difference) must be at most this.</param>
public sealed record GateSpec(
    double? MinAuc,
    double? MaxEce,
    double? MaxFairnessGap,
    FairnessMetric FairnessMetric,
    double? MinImprovement,
    double? MinBrierSkill = null,
    double? MaxDemographicParityDifference = null,
    double? MaxEqualizedOddsDifference = null)
{
    public static GateSpec None { get; } = new(null, null, null, PipelineDefaults.GapMetric, null);
}

/// <param name="MinGroupSize">Groups smaller than this are reported but left out of the fairness gap.</param>
/// <param name="Attributes">Participant columns to form groups by.</param>
public sealed record FairnessSpec(int MinGroupSize, ValueList<string> Attributes)
{
    /// <summary>
    /// Columns a fairness check may group by: the audit-only attributes from the schema, and the organisational
    /// categories a programme lead asks about.
    /// </summary>
    public static IReadOnlyList<string> GroupableAttributes { get; } = [.. PipelineSpec.AuditAttributes, "department", "site", "job_level"];

    /// <summary>The audit-only attributes, department and site.</summary>
    public static FairnessSpec Default { get; } = new(PipelineDefaults.MinGroupSize, [.. PipelineSpec.AuditAttributes, "department", "site"]);
}

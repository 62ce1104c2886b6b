using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Search;

namespace MatchModels.Training.Runs;

/// <summary>
/// run.json: everything needed to trust and reproduce a training run, whether or not its model is registered.
/// <see cref="DeclaredFeatures"/> are the features of the pipeline's declared columns (ADR 0021), after <see cref="Features"/>
/// in the model's input; null when it declares none. <see cref="OmittedFeatures"/> are the builder features left out
/// because the training history lacks a field they read, one entry per notice, and <see cref="MissingIndicators"/> the
/// indicators of filled missing values, last in the model's input (ADR 0022); both null when there are none.
/// <see cref="Features"/> lists what the model kept.
/// </summary>
public sealed record RunRecord(
    string RunId,
    string Status,
    string? Error,
    string Pipeline,
    string PipelineFile,
    string PipelineDigest,
    string Task,
    int Seed,
    string DataDirectory,
    IReadOnlyList<DataFileDigest> DataFiles,
    string? GitCommit,
    IReadOnlyDictionary<string, string> Packages,
    DateTime StartedAtUtc,
    DateTime? FinishedAtUtc,
    IReadOnlyDictionary<string, double> TimingsSeconds,
    string? Labels,
    SplitSummary? Split,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> AuditFeatures,
    SearchSummary? Search,
    ChosenModel? Chosen,
    EvaluationMetrics? Test,
    EvaluationMetrics? Oracle,
    string? Verdict,
    IReadOnlyList<FeatureImportance>? Importance,
    FairnessReport? Fairness,
    GateResult? Gates,
    IReadOnlyList<string> Warnings,
    Registration.RegistrationOutcome? Registration = null,
    MetricIntervals? Intervals = null,
    IReadOnlyList<Pipelines.LabelCount>? LabelCounts = null,
    IReadOnlyList<string>? DeclaredFeatures = null,
    IReadOnlyList<Core.Features.OmittedFeatures>? OmittedFeatures = null,
    IReadOnlyList<string>? MissingIndicators = null);

public sealed record DataFileDigest(string Table, string File, long Bytes, int Rows, string Sha256);

/// <summary>Rows and class balance of each side of the split.</summary>
public sealed record SplitSummary(
    IReadOnlyList<string> TrainCohorts,
    IReadOnlyList<string> TestCohorts,
    SplitPart Train,
    SplitPart Test,
    IReadOnlyList<SplitPart> Folds,
    int Groups,
    double LargestGroupShare);

public sealed record SplitPart(string Name, int Rows, int Positives, double PositiveRate);

public sealed record SearchSummary(string Metric, string Budget, double Seconds, string StopReason, int Candidates, int Complete, IReadOnlyList<LeaderboardEntry> Leaderboard);

/// <summary>The selected candidate, its calibration and its decision threshold (chosen on out-of-fold predictions, never on test).</summary>
public sealed record ChosenModel(
    string Trainer,
    IReadOnlyDictionary<string, double> Hyperparameters,
    double CvMetric,
    double CvStd,
    double PlattA,
    double PlattB,
    double Threshold);

/// <summary>The gates of one version: <see cref="Outcome"/> is fail when any check fails, else inconclusive when any is, else pass.</summary>
/// <param name="Outcome">The version's verdict: pass registers (and promotes with --alias), inconclusive registers and waits for a person, fail registers nothing.</param>
/// <param name="Checks">One per gate the pipeline sets, in the order of pipelines/README.md.</param>
public sealed record GateResult(Gates.GateOutcome Outcome, IReadOnlyList<GateCheck> Checks)
{
    /// <summary>True only when every gate passed (kept in JSON as "passed" for readers of older files).</summary>
    public bool Passed => Outcome == Gates.GateOutcome.Pass;

    /// <summary>"gate: detail; …" for the checks that failed, for messages that say why a model was not registered or promoted.</summary>
    public string FailedSummary() => Summary(Gates.GateOutcome.Fail);

    /// <summary>"gate: detail; …" for the checks with this outcome.</summary>
    public string Summary(Gates.GateOutcome outcome) => string.Join("; ", Checks.Where(c => c.Outcome == outcome).Select(c => $"{c.Gate}: {c.Detail}"));

    /// <summary>Combines checks into a result: the worst outcome wins; no checks is a pass.</summary>
    public static GateResult Of(IReadOnlyList<GateCheck> checks) =>
        new(checks.Aggregate(Gates.GateOutcome.Pass, (o, c) => Gates.WeighEvidence.Worse(o, c.Outcome)), checks);
}

/// <summary>One gate as checked.</summary>
/// <param name="Gate">The pipeline key, e.g. min_auc.</param>
/// <param name="Outcome">Pass, fail or inconclusive.</param>
/// <param name="Detail">What was compared, with the interval, in words.</param>
/// <param name="Estimate">The measured value (for fairness gates, the deciding attribute's gap); null when nothing was measured.</param>
/// <param name="Low">Lower end of its 95% interval; null when none was recorded.</param>
/// <param name="High">Upper end of its 95% interval.</param>
/// <param name="Threshold">The pipeline's threshold the interval was weighed against.</param>
public sealed record GateCheck(string Gate, Gates.GateOutcome Outcome, string Detail, double? Estimate = null, double? Low = null, double? High = null, double? Threshold = null)
{
    /// <summary>True when the gate passed (kept in JSON as "passed" for readers of older files).</summary>
    public bool Passed => Outcome == Gates.GateOutcome.Pass;
}

using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Search;

namespace MatchModels.Training.Runs;

/// <summary>run.json: everything needed to trust and reproduce a training run, whether or not its model is registered.</summary>
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
    Registration.RegistrationOutcome? Registration = null);

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

public sealed record GateResult(bool Passed, IReadOnlyList<GateCheck> Checks)
{
    /// <summary>"gate: detail; …" for the checks that failed, for messages that say why a model was not registered or promoted.</summary>
    public string FailedSummary() => string.Join("; ", Checks.Where(c => !c.Passed).Select(c => $"{c.Gate}: {c.Detail}"));
}

public sealed record GateCheck(string Gate, bool Passed, string Detail);

using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Search;

namespace MatchModels.Training.Reports;

/// <summary>Everything an HTML run report shows.</summary>
/// <param name="Title">Heading of the page, e.g. "pair-success — run 2026-11-24T05:39Z".</param>
/// <param name="ModelName">Registry name of the model.</param>
/// <param name="CreatedAtUtc">When the run happened; the report prints it and never reads the clock itself.</param>
/// <param name="Run">Facts about the run in display order (seed, data digests, git commit, …).</param>
/// <param name="SelectionMetric">Name of the metric the search ranked candidates by, e.g. "roc_auc".</param>
/// <param name="Test">Metrics of the chosen model on the test set.</param>
/// <param name="Oracle">Metrics of a reference model on the same rows (e.g. the true probabilities of synthetic data), or null.</param>
/// <param name="TestScores">The chosen model's test scores, for the charts.</param>
/// <param name="TestLabels">The test labels, one per score.</param>
/// <param name="Importance">Permutation importances, largest first.</param>
/// <param name="Fairness">Group metrics per audited attribute.</param>
/// <param name="Leaderboard">Every candidate of the search, in the order to show.</param>
/// <param name="Warnings">Things the reader must not miss (e.g. audit attributes used as features).</param>
/// <param name="Intervals">95% bootstrap intervals of the test metrics, or null when none were computed.</param>
/// <param name="Gates">The gates as weighed, each with its interval, or null when the run checked none.</param>
public sealed record RunReportInput(
    string Title,
    string ModelName,
    DateTime CreatedAtUtc,
    IReadOnlyList<KeyValuePair<string, string>> Run,
    string SelectionMetric,
    EvaluationMetrics Test,
    EvaluationMetrics? Oracle,
    double[] TestScores,
    bool[] TestLabels,
    IReadOnlyList<FeatureImportance> Importance,
    FairnessReport Fairness,
    IReadOnlyList<LeaderboardEntry> Leaderboard,
    IReadOnlyList<string> Warnings,
    MetricIntervals? Intervals = null,
    Runs.GateResult? Gates = null);

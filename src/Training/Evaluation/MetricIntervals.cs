namespace MatchModels.Training.Evaluation;

/// <summary>The 95% bootstrap intervals of the headline test metrics (<see cref="BootstrapTestMetrics"/> says how they are drawn).</summary>
/// <param name="Method">How the intervals were drawn, in words, for reports.</param>
/// <param name="Resamples">Bootstrap resamples.</param>
/// <param name="Seed">Seed of the resamples: the same rows, scores and seed give the same intervals.</param>
/// <param name="RocAuc">Test ROC AUC.</param>
/// <param name="PrAuc">Test average precision.</param>
/// <param name="LogLoss">Test log-loss.</param>
/// <param name="Brier">Test Brier score.</param>
/// <param name="Ece">Test expected calibration error (10 bins).</param>
/// <param name="BrierSkill">Brier skill score against the base rate, 1 − Brier / BaseRateBrier: above 0 means better than always predicting the base rate.</param>
/// <param name="OracleRatio">Test AUC / oracle AUC on the same rows and the same resamples; null when the data carries no truth.</param>
public sealed record MetricIntervals(
    string Method,
    int Resamples,
    int Seed,
    Interval RocAuc,
    Interval PrAuc,
    Interval LogLoss,
    Interval Brier,
    Interval Ece,
    Interval BrierSkill,
    Interval? OracleRatio);

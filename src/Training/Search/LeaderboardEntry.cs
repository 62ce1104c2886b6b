namespace MatchModels.Training.Search;

/// <summary>One candidate of a model search: which trainer with which settings, and how it scored in cross-validation.</summary>
/// <param name="Trial">1-based order in which the search proposed it.</param>
/// <param name="Trainer">Trainer name as pipelines spell it (lbfgs_logistic, sdca_logistic, fast_tree, fast_forest, lightgbm).</param>
/// <param name="Hyperparameters">The settings tried, by name.</param>
/// <param name="CvMetric">Mean of the selection metric over the folds it was evaluated on.</param>
/// <param name="CvStd">Standard deviation of that metric over those folds.</param>
/// <param name="Folds">How many folds it was evaluated on (fewer when successive halving stopped it early).</param>
/// <param name="FitSeconds">Total fit time over those folds.</param>
/// <param name="Status">"complete", or why it stopped early.</param>
/// <param name="Chosen">True for the one candidate the search selected.</param>
public sealed record LeaderboardEntry(
    int Trial,
    string Trainer,
    IReadOnlyDictionary<string, double> Hyperparameters,
    double CvMetric,
    double CvStd,
    int Folds,
    double FitSeconds,
    string Status,
    bool Chosen);

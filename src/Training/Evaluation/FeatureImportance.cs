namespace MatchModels.Training.Evaluation;

/// <summary>Permutation importance of one feature: how much the metric drops when that column is shuffled (mean and std over repeats).</summary>
public sealed record FeatureImportance(string Feature, double Drop, double Std);

namespace MatchModels.Training.Export;

/// <summary>The raw (uncalibrated) score a model computes from its (standardised) features: one of the cases below.</summary>
public abstract record RawScoreFunction;

/// <summary>s = Σ w_j·x_j + b, as ML.NET's linear binary models compute it (in single precision).</summary>
public sealed record LinearScore(float[] Weights, float Bias) : RawScoreFunction;

/// <summary>
/// s = b + Σ_t tree_t(x): the sum of every tree's leaf value plus a bias. FastTree, LightGBM and FastForest's binary
/// classifier all score this way in ML.NET (FastForest sums its trees too; it does not average them).
/// </summary>
public sealed record TreeEnsembleScore(IReadOnlyList<DecisionTree> Trees, double Bias) : RawScoreFunction;

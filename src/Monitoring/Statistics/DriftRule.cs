namespace MatchModels.Monitoring.Statistics;

/// <summary>Which side of its threshold a method's score must fall for the column to count as drifted.</summary>
public enum DriftRule
{
    /// <summary>The score is a p-value: drift when p ≤ threshold (the null hypothesis "same distribution" is rejected).</summary>
    PValueAtMost,

    /// <summary>The score is a distance or divergence: drift when score ≥ threshold.</summary>
    ScoreAtLeast,
}

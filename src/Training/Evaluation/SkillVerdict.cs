namespace MatchModels.Training.Evaluation;

/// <summary>Whether a model's test metrics show it is worth using.</summary>
public enum SkillVerdict
{
    /// <summary>Ranks clearly better than chance and beats the base-rate forecast.</summary>
    Useful,

    /// <summary>Better than the base rate, but only a little better than chance at ranking.</summary>
    Weak,

    /// <summary>Ranks about as well as chance, or is no more accurate than always predicting the base rate.</summary>
    NoBetterThanBaseRate,
}

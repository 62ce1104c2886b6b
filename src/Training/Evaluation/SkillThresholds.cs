namespace MatchModels.Training.Evaluation;

/// <summary>Where <see cref="ModelSkill"/> draws its lines.</summary>
/// <param name="MinimumAuc">
/// Below this test AUC the model ranks no better than chance. AUC 0.5 is a coin toss (Hanley &amp; McNeil, 1982); the 0.05 margin
/// is about one standard error of an AUC near 0.5 on a test set of a few hundred pairs, sqrt((n₊ + n₋ + 1) / (12 n₊ n₋)).
/// </param>
/// <param name="UsefulAuc">
/// Below this test AUC the model is weak. Hosmer &amp; Lemeshow (Applied Logistic Regression, 3rd ed., ch. 5) call 0.5 "no
/// discrimination" and 0.7–0.8 "acceptable"; 0.65 sits between, marking a model that helps a little but should not decide alone.
/// </param>
/// <param name="MaximumBrierRatio">
/// At or above this ratio of the model's Brier score to the base-rate Brier score, the probabilities are no more accurate than
/// always predicting the base rate: a Brier skill score 1 − Brier / Brier_ref (Wilks, Statistical Methods in the Atmospheric
/// Sciences) of at most 2%.
/// </param>
public sealed record SkillThresholds(double MinimumAuc = 0.55, double UsefulAuc = 0.65, double MaximumBrierRatio = 0.98)
{
    public static SkillThresholds Default { get; } = new();
}

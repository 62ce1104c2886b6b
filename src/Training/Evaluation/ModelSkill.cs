using System.Globalization;

namespace MatchModels.Training.Evaluation;

/// <summary>Turns test metrics into a verdict a programme lead can act on, with the numbers that justify it.</summary>
public static class ModelSkill
{
    /// <summary>
    /// No better than the base rate when the test AUC is below <see cref="SkillThresholds.MinimumAuc"/> (or cannot be computed
    /// because the test set holds one class) or the Brier score is at least <see cref="SkillThresholds.MaximumBrierRatio"/> times
    /// the base-rate Brier score; weak when the AUC is below <see cref="SkillThresholds.UsefulAuc"/>; useful otherwise.
    /// </summary>
    public static SkillAssessment Assess(EvaluationMetrics metrics, SkillThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        thresholds ??= SkillThresholds.Default;

        string evidence = string.Create(
            CultureInfo.InvariantCulture,
            $"AUC {metrics.RocAuc:0.00} and Brier {metrics.Brier:0.000} vs {metrics.BaseRateBrier:0.000} for always predicting {metrics.BaseRate * 100:0.#}%.");

        if (double.IsNaN(metrics.RocAuc))
        {
            return new SkillAssessment(
                SkillVerdict.NoBetterThanBaseRate,
                "Not shown to beat the base rate: the test set holds only one class, so AUC cannot be computed. Do not use this model.");
        }

        if (metrics.RocAuc < thresholds.MinimumAuc || metrics.Brier >= thresholds.MaximumBrierRatio * metrics.BaseRateBrier)
        {
            return new SkillAssessment(SkillVerdict.NoBetterThanBaseRate, $"No better than the base rate: {evidence} Do not use this model.");
        }

        if (metrics.RocAuc < thresholds.UsefulAuc)
        {
            return new SkillAssessment(
                SkillVerdict.Weak,
                $"Weak: {evidence} It ranks only a little better than chance; use it as one signal among others, not to decide alone.");
        }

        return new SkillAssessment(SkillVerdict.Useful, $"Useful: {evidence}");
    }
}

using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Tests.Evaluation;

public sealed class ModelSkillTests
{
    [Fact]
    public void A_model_at_chance_is_no_better_than_the_base_rate_and_says_so()
    {
        SkillAssessment skill = ModelSkill.Assess(Metrics(auc: 0.51, brier: 0.249, baseRateBrier: 0.250, baseRate: 0.42));

        Assert.Equal(SkillVerdict.NoBetterThanBaseRate, skill.Verdict);
        Assert.Equal(
            "No better than the base rate: AUC 0.51 and Brier 0.249 vs 0.250 for always predicting 42%. Do not use this model.",
            skill.Sentence);
    }

    [Fact]
    public void A_good_ranking_with_no_brier_skill_is_no_better_than_the_base_rate()
    {
        // A Brier score exactly at the line, 0.98 × the base-rate Brier score, counts as no skill.
        SkillAssessment skill = ModelSkill.Assess(Metrics(auc: 0.80, brier: 0.98 * 0.200, baseRateBrier: 0.200, baseRate: 0.276));

        Assert.Equal(SkillVerdict.NoBetterThanBaseRate, skill.Verdict);
    }

    [Fact]
    public void A_model_between_the_lines_is_weak()
    {
        SkillAssessment skill = ModelSkill.Assess(Metrics(auc: 0.55, brier: 0.20, baseRateBrier: 0.24, baseRate: 0.4));

        Assert.Equal(SkillVerdict.Weak, skill.Verdict);
        Assert.StartsWith("Weak: AUC 0.55 and Brier 0.200 vs 0.240 for always predicting 40%.", skill.Sentence);
    }

    [Fact]
    public void A_model_that_ranks_and_beats_the_base_rate_is_useful()
    {
        SkillAssessment skill = ModelSkill.Assess(Metrics(auc: 0.65, brier: 0.15, baseRateBrier: 0.24, baseRate: 0.035));

        Assert.Equal(SkillVerdict.Useful, skill.Verdict);
        Assert.Equal("Useful: AUC 0.65 and Brier 0.150 vs 0.240 for always predicting 3.5%.", skill.Sentence);
    }

    [Fact]
    public void A_test_set_with_one_class_cannot_show_skill()
    {
        SkillAssessment skill = ModelSkill.Assess(Metrics(auc: double.NaN, brier: 0.01, baseRateBrier: 0, baseRate: 0));

        Assert.Equal(SkillVerdict.NoBetterThanBaseRate, skill.Verdict);
        Assert.Contains("only one class", skill.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_can_be_set()
    {
        SkillAssessment skill = ModelSkill.Assess(
            Metrics(auc: 0.70, brier: 0.15, baseRateBrier: 0.24, baseRate: 0.4),
            new SkillThresholds(UsefulAuc: 0.75));

        Assert.Equal(SkillVerdict.Weak, skill.Verdict);
    }

    private static EvaluationMetrics Metrics(double auc, double brier, double baseRateBrier, double baseRate) =>
        new(
            Rows: 1000,
            Positives: (int)(baseRate * 1000),
            BaseRate: baseRate,
            RocAuc: auc,
            PrAuc: baseRate,
            LogLoss: 0.6,
            Brier: brier,
            BaseRateBrier: baseRateBrier,
            Ece: 0.02,
            AtThreshold: new ThresholdMetrics(0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1));
}

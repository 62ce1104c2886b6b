using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Tests.Evaluation;

public sealed class BrierSkillTests
{
    [Fact]
    public void Brier_skill_is_one_minus_brier_over_the_base_rate_brier()
    {
        // Brier = (0.2² + 0.6² + 0.3² + 0.1²) / 4 = 0.5 / 4 = 0.125; base rate ½ gives 0.25; BSS = 1 − 0.125 / 0.25 = 0.5.
        EvaluationMetrics m = EvaluateScores.Run([0.8, 0.4, 0.3, 0.1], [true, true, false, false], threshold: 0.5);

        Assert.Equal(0.125, m.Brier, 12);
        Assert.Equal(0.25, m.BaseRateBrier, 12);
        Assert.Equal(0.5, m.BrierSkill, 12);
    }

    [Fact]
    public void Predicting_the_base_rate_has_no_skill()
    {
        EvaluationMetrics m = EvaluateScores.Run([0.25, 0.25, 0.25, 0.25], [true, false, false, false], threshold: 0.5);

        Assert.Equal(0, m.BrierSkill, 12);
    }
}

using MatchModels.Core.Schemas;

namespace MatchModels.Synthetic.Tests;

/// <summary>Hand-checked values of the truth functions (computed on paper from docs/synthetic-data.md).</summary>
public sealed class GroundTruthTests
{
    private static readonly PairObservables s_typical = new(
        SkillJaccard: 0.5, GoalsAffinity: 0.5, LevelGap: 3, TimezoneGapH: 6, MinAvailabilityH: 3,
        SameReportingLine: false, SharedLanguage: true, MentorLoad: 1, SameSite: false);

    [Fact]
    public void Success_logit_adds_the_documented_terms()
    {
        // -1.9 + 3.0·0.5 + 2.2·0.5 + 0.5 − 0.15·6 + 1.5·(1 − e^−1) − 0.25·1
        Assert.Equal(0.9981808382428368, GroundTruth.SuccessLogit(s_typical, SuccessCoefficients.Baseline), 12);
        Assert.Equal(0.7307007594155304, GroundTruth.SuccessProbability(s_typical, SuccessCoefficients.Baseline), 12);
    }

    [Fact]
    public void Reporting_line_no_shared_language_and_a_flat_gap_are_penalised()
    {
        var bad = new PairObservables(0, 0, 0, 0, 12, SameReportingLine: true, SharedLanguage: false, MentorLoad: 0, SameSite: false);

        // -1.9 − 1.0 + 1.5·(1 − e^−4) − 1.5 − 2.5
        Assert.Equal(-5.427473458333101, GroundTruth.SuccessLogit(bad, SuccessCoefficients.Baseline), 12);
    }

    [Fact]
    public void Remote_first_halves_the_timezone_penalty_and_drops_the_site_bonus()
    {
        PairObservables sameSite = s_typical with { SameSite = true };

        Assert.Equal(1.4481808382428367, GroundTruth.SuccessLogit(sameSite, SuccessCoefficients.RemoteFirst), 12);
        Assert.Equal(GroundTruth.SuccessLogit(s_typical, SuccessCoefficients.Baseline) + 0.6, GroundTruth.SuccessLogit(sameSite, SuccessCoefficients.Baseline), 12);
    }

    [Theory]
    [InlineData(-2, -1.5)]
    [InlineData(0, -1.0)]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.5)]
    [InlineData(4, 0.5)]
    [InlineData(5, 0.2)]
    [InlineData(7, -0.3)]
    public void Level_gap_is_best_two_to_four_levels_up(int gap, double effect) =>
        Assert.Equal(effect, GroundTruth.LevelGapEffect(gap), 12);

    [Fact]
    public void Dropout_rate_rises_with_low_availability_timezone_gap_and_level_gap()
    {
        PairObservables x = s_typical with { MinAvailabilityH = 2, TimezoneGapH = 6, LevelGap = 6 };

        // sigmoid(-1.2 + 0.35·(4 − 2) + 0.10·6 + 0.25·(6 − 3))
        Assert.Equal(0.7005671424739729, GroundTruth.DropoutRate(x, DropoutCoefficients.Baseline), 12);
        Assert.True(GroundTruth.DropoutRate(x with { MinAvailabilityH = 8 }, DropoutCoefficients.Baseline) < 0.7005671424739729);
    }

    [Fact]
    public void Dropout_probability_is_bayes_over_early_engagement()
    {
        // K = 0: L0 = .35, L1 = .05; P(S=0 | obs) = .5·.75·.35 / (.5·.75·.35 + .5·.05) = 0.84; × r = 0.4.
        Assert.Equal(0.336, GroundTruth.DropoutProbability(0.5, 0.4, 0, [], []), 12);

        // K = 1 rated 5 by the mentee, no mentor rating: L0 = .35·.10, L1 = .15·.35 → 1/3; × 0.4.
        Assert.Equal(0.4 / 3, GroundTruth.DropoutProbability(0.5, 0.4, 1, [5], [null]), 12);

        // Four early sessions never happen to a failing pair.
        Assert.Equal(0.0, GroundTruth.DropoutProbability(0.1, 0.9, 4, [1, 1, 1, 1], [1, 1, 1, 1]), 12);
    }

    [Fact]
    public void Early_engagement_pmfs_are_distributions()
    {
        foreach (bool s in new[] { true, false })
        {
            Assert.Equal(1.0, EngagementDistributions.EarlySessions(s).Sum(), 12);
            Assert.Equal(1.0, EngagementDistributions.MenteeRating(s).Sum(), 12);
            Assert.Equal(1.0, EngagementDistributions.MentorRating(s).Sum(), 12);
        }
    }

    [Fact]
    public void Observables_carry_no_audit_attribute()
    {
        string[] names = typeof(PairObservables).GetProperties().Select(p => p.Name.ToLowerInvariant()).ToArray();
        string[] audit = HistorySchemas.Participants.Columns.Where(c => c.AuditOnly).Select(c => c.Name.Replace("_", string.Empty, StringComparison.Ordinal)).ToArray();

        Assert.Equal(9, names.Length);
        Assert.Equal(["gender", "ageband"], audit);
        Assert.Empty(names.Intersect(audit));
    }
}

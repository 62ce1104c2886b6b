using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Synthetic;

namespace MatchModels.Core.Tests.Features;

public sealed class PairFeatureBuilderTests
{
    private static (FeatureMatrix Matrix, PairSnapshot Snapshot, FittedFeatureState State) BuildFor(PairFeatureBuilder builder, string pairId)
    {
        ProgrammeHistory h = TinyHistory.Build();
        var index = new PointInTimeHistory(h);
        var snapshots = builder.Snapshots(index, h.Pairs.Where(p => p.PairId == pairId));
        FittedFeatureState state = builder.Fit(builder.Snapshots(index, h.Pairs));
        return (builder.Build(snapshots, state), snapshots[0], state);
    }

    [Fact]
    public void Profile_features_match_a_hand_computation()
    {
        (FeatureMatrix m, _, _) = BuildFor(PairFeatureBuilder.PairSuccess, "p3");

        // Skills {negotiation, leadership, python} vs {negotiation, leadership, public speaking, sales}: 2 shared of 5 distinct.
        Assert.Equal(2f, m[0, "skill_overlap_count"]);
        Assert.Equal(0.4f, m[0, "skill_jaccard"], 6);
        Assert.Equal(4f, m[0, "level_gap"]);
        Assert.Equal(3f, m[0, "mentee_job_level"]);
        Assert.Equal(0f, m[0, "same_department"]);
        Assert.Equal(0f, m[0, "same_site"]);
        Assert.Equal(1f, m[0, "timezone_gap_h"]);
        Assert.Equal(1f, m[0, "shared_language"]);
        Assert.Equal(1f, m[0, "shared_language_count"]);
        Assert.Equal(4f, m[0, "availability_min_h"]);
        Assert.Equal(0f, m[0, "same_reporting_line"]);
    }

    [Fact]
    public void Mentor_record_counts_only_what_had_happened_by_the_match()
    {
        (FeatureMatrix m, _, _) = BuildFor(PairFeatureBuilder.PairSuccess, "p3");

        // p2 running, p0 and p1 ended before; p3 itself and p4 (future) never count.
        Assert.Equal(1f, m[0, "mentor_active_pairs"]);
        Assert.Equal(2f, m[0, "mentor_free_capacity"]);
        Assert.Equal(2f, m[0, "mentor_prior_pairs"]);
        Assert.Equal(0.5f, m[0, "mentor_prior_success_rate"]);
    }

    [Fact]
    public void Tenure_grows_from_joining_to_the_cut_off()
    {
        (FeatureMatrix m, _, _) = BuildFor(PairFeatureBuilder.PairSuccess, "p3");

        Assert.Equal(2.0 + (10 / 365.25), m[0, "mentee_tenure_years"], 5);
        Assert.Equal(10.0 + (400 / 365.25), m[0, "mentor_tenure_years"], 5);
    }

    [Fact]
    public void A_mentor_without_finished_pairs_gets_the_training_mean_success_rate()
    {
        (FeatureMatrix m, _, FittedFeatureState state) = BuildFor(PairFeatureBuilder.PairSuccess, "p0");

        Assert.Equal(0f, m[0, "mentor_prior_pairs"]);
        Assert.Equal((float)state.MentorPriorSuccessRateDefault, m[0, "mentor_prior_success_rate"]);
    }

    [Fact]
    public void Dropout_engagement_sees_sessions_up_to_the_horizon_only()
    {
        (FeatureMatrix m, _, _) = BuildFor(PairFeatureBuilder.Dropout(30), "p3");

        // Sessions at day 3 (60 min, ratings 4/5) and day 12 (30 min, 2/-); day 40 is after the cut-off.
        Assert.Equal(2f, m[0, "sessions_so_far"]);
        Assert.Equal(90f, m[0, "minutes_so_far"]);
        Assert.Equal(18f, m[0, "days_since_last_session"]);
        Assert.Equal(3f, m[0, "first_session_delay_days"]);
        Assert.Equal(3f, m[0, "mean_mentee_rating_so_far"]);
        Assert.Equal(5f, m[0, "mean_mentor_rating_so_far"]);
    }

    [Fact]
    public void A_pair_with_no_session_yet_is_censored_at_the_horizon()
    {
        (FeatureMatrix m, _, FittedFeatureState state) = BuildFor(PairFeatureBuilder.Dropout(30), "p2");

        Assert.Equal(0f, m[0, "sessions_so_far"]);
        Assert.Equal(30f, m[0, "days_since_last_session"]);
        Assert.Equal(30f, m[0, "first_session_delay_days"]);
        Assert.Equal((float)state.MeanMenteeRatingDefault, m[0, "mean_mentee_rating_so_far"]);
    }

    [Fact]
    public void Same_reporting_line_follows_the_management_chain()
    {
        ProgrammeHistory h = TinyHistory.Build();
        var index = new PointInTimeHistory(h);

        Assert.True(index.SameReportingLine(index.Participant("A"), index.Participant("M0"), DateTime.MaxValue));
        Assert.False(index.SameReportingLine(index.Participant("A"), index.Participant("M1"), DateTime.MaxValue));
    }

    [Fact]
    public void Goals_similarity_is_a_cosine_between_zero_and_one_and_higher_for_shared_topics()
    {
        (FeatureMatrix m, _, _) = BuildFor(PairFeatureBuilder.PairSuccess, "p3");
        float similarity = m[0, "goals_similarity"];

        Assert.InRange(similarity, 0.05f, 1f);
    }

    [Fact]
    public void One_row_and_many_rows_give_the_same_features()
    {
        (FeatureMatrix m, PairSnapshot snapshot, FittedFeatureState state) = BuildFor(PairFeatureBuilder.Dropout(30), "p3");
        var row = new float[m.Width];

        PairFeatureBuilder.Dropout(30).Build(snapshot, state, row);

        Assert.Equal(m.Row(0).ToArray(), row);
    }

    [Fact]
    public void Fitted_state_survives_a_json_round_trip_and_rebuilds_identical_features()
    {
        (FeatureMatrix m, PairSnapshot snapshot, FittedFeatureState state) = BuildFor(PairFeatureBuilder.Dropout(30), "p3");

        FittedFeatureState back = FittedFeatureState.FromJson(state.ToJson());
        FeatureMatrix again = PairFeatureBuilder.For(back).Build([snapshot], back);

        Assert.Equal(state.Vocabulary.Terms, back.Vocabulary.Terms);
        Assert.Equal(state.Themes.Themes.SelectMany(t => t), back.Themes.Themes.SelectMany(t => t));
        Assert.Equal(state.Themes.Matchable, back.Themes.Matchable);
        Assert.Equal(m.Values, again.Values);
    }

    [Fact]
    public void Goal_themes_survive_a_json_round_trip_on_a_generated_history()
    {
        // The tiny history's texts are all alike; a generated one has real themes to save and read back.
        ProgrammeHistory h = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 240, Mentors: 60, Cohorts: 4, Seed: 11)).History;
        var index = new PointInTimeHistory(h);
        PairFeatureBuilder builder = PairFeatureBuilder.PairSuccess;
        var snapshots = builder.Snapshots(index, h.Pairs);
        FittedFeatureState state = builder.Fit(snapshots);
        FeatureMatrix m = builder.Build(snapshots, state);

        FittedFeatureState back = FittedFeatureState.FromJson(state.ToJson());
        FeatureMatrix again = builder.Build(snapshots, back);

        Assert.Contains(true, back.Themes.Matchable);
        Assert.True(Enumerable.Range(0, m.Rows).Select(i => m[i, "goals_theme_coverage"]).Distinct().Count() > 5);
        Assert.Equal(m.Values, again.Values);
    }

    [Fact]
    public void Theme_coverage_is_higher_for_a_mentor_who_writes_about_the_mentee_s_goals()
    {
        ProgrammeHistory h = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 240, Mentors: 60, Cohorts: 4, Seed: 12)).History;
        var index = new PointInTimeHistory(h);
        PairFeatureBuilder builder = PairFeatureBuilder.PairSuccess;
        FittedFeatureState state = builder.Fit(builder.Snapshots(index, h.Pairs));
        Pair pair = h.Pairs[0];
        PairSnapshot real = index.Snapshot(pair, pair.MatchedAt, withEngagement: false);

        // The same mentor, rewritten to offer exactly what the mentee asks for, in the mentee's own words.
        Participant echo = real.Mentor with { Skills = real.Mentee.Skills, GoalsText = real.Mentee.GoalsText };
        Participant silent = real.Mentor with { Skills = [], GoalsText = "" };
        FeatureMatrix matched = builder.Build([real with { Mentor = echo }], state);
        FeatureMatrix unmatched = builder.Build([real with { Mentor = silent }], state);

        // Identical documents cover Σq² / Σq of the themes: below 1 where a theme is only partly held.
        Assert.InRange(matched[0, "goals_theme_coverage"], 0.8f, 1f);
        Assert.Equal(0f, unmatched[0, "goals_theme_coverage"]);
        Assert.Equal(1f, matched[0, "concept_coverage"], 5);
        Assert.Equal(0f, unmatched[0, "concept_coverage"]);
        Assert.Equal(1f, matched[0, "goals_skill_coverage"], 5);
        Assert.Equal(0f, unmatched[0, "goals_skill_coverage"]);
    }

    [Fact]
    public void A_state_fitted_for_another_feature_set_is_refused()
    {
        (_, PairSnapshot snapshot, FittedFeatureState state) = BuildFor(PairFeatureBuilder.Dropout(30), "p3");

        var e = Assert.Throws<InvalidOperationException>(() => PairFeatureBuilder.PairSuccess.Build([snapshot], state));
        Assert.Contains("dropout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_feature_has_a_unique_name_and_a_definition()
    {
        var all = PairFeatureBuilder.Dropout(30).Definitions;

        Assert.Equal(all.Count, all.Select(d => d.Name).Distinct().Count());
        Assert.All(all, d => Assert.False(string.IsNullOrWhiteSpace(d.Definition)));
        Assert.True(PairFeatureBuilder.PairSuccess.Definitions.Count >= 15);
    }
}

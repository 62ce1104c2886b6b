using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Core.Tests.Features;

public sealed class OmitAbsentFeaturesTests
{
    private static readonly PairFeatureBuilder s_builder = PairFeatureBuilder.PairSuccess;

    private static IReadOnlyList<string> All => [.. s_builder.Definitions.Select(d => d.Name)];

    /// <summary>Only ids, role, cohort and dates: every optional profile field null.</summary>
    private static Participant Bare(Participant p) => p with
    {
        Department = null,
        Site = null,
        TimezoneOffsetH = null,
        JobLevel = null,
        TenureYears = null,
        ManagerId = null,
        Languages = null,
        Skills = null,
        GoalsText = null,
        AvailabilityHPerMonth = null,
        MentorCapacity = null,
    };

    private static PairSnapshot Snapshot(Participant mentee, Participant mentor) =>
        new(mentee, mentor, TinyHistory.Start, TinyHistory.Start, false, MentorTrackRecord.None);

    [Fact]
    public void A_complete_history_keeps_every_feature_and_fits_no_treatment()
    {
        PairSnapshot[] rows = [Snapshot(TinyHistory.Mentee("A", manager: "M0"), TinyHistory.Mentor("M1"))];

        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);

        Assert.Equal(All, plan.Kept);
        Assert.Empty(plan.Omitted);
        Assert.Null(plan.Fit(rows));
    }

    [Fact]
    public void A_bare_history_keeps_only_the_track_record_and_says_so_once_per_field()
    {
        PairSnapshot[] rows = [Snapshot(Bare(TinyHistory.Mentee("A")), Bare(TinyHistory.Mentor("M1")))];

        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);

        Assert.Equal(["mentor_active_pairs", "mentor_prior_pairs", "mentor_prior_success_rate"], plan.Kept);
        Assert.Equal(["skills", "skills or goals_text", "job_level", "department", "site", "timezone_offset_h", "languages", "availability_h_per_month", "manager_id", "mentor_capacity", "tenure_years"],
            plan.Omitted.Select(o => string.Join(" or ", o.Fields)));
        OmittedFeatures level = plan.Omitted.Single(o => o.Fields.SequenceEqual(["job_level"]));
        Assert.Equal(["level_gap", "mentee_job_level"], level.Features);
        Assert.Equal(
            "participants has no job_level in the training cohorts (column absent or every value empty): left out level_gap, mentee_job_level",
            level.Message);
        Assert.Empty(plan.Flagged);
        ProfileTreatment treatment = Assert.IsType<ProfileTreatment>(plan.Fit(rows));
        Assert.Empty(treatment.Fills);
        Assert.Contains("job_level", treatment.Absent);
    }

    [Fact]
    public void The_text_features_stay_while_either_skills_or_goals_text_is_present()
    {
        PairSnapshot[] rows = [Snapshot(TinyHistory.Mentee("A", manager: "M0") with { Skills = null }, TinyHistory.Mentor("M1") with { Skills = null })];

        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);

        Assert.Contains("goals_similarity", plan.Kept);
        Assert.Equal(["skill_overlap_count", "skill_jaccard"], Assert.Single(plan.Omitted).Features);
    }

    [Fact]
    public void A_partly_missing_field_is_filled_with_the_training_median_and_flagged_on_the_side_it_was_missing()
    {
        // Levels 2 and 5 of the mentees (B has none) and 7 of the mentor: the median over the participants holding one is 5.
        PairSnapshot[] rows =
        [
            Snapshot(TinyHistory.Mentee("A") with { JobLevel = 2 }, TinyHistory.Mentor("M1")),
            Snapshot(TinyHistory.Mentee("B") with { JobLevel = null }, TinyHistory.Mentor("M1")),
            Snapshot(TinyHistory.Mentee("C") with { JobLevel = 5 }, TinyHistory.Mentor("M1")),
        ];

        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);
        ProfileTreatment treatment = plan.Fit(rows)!;

        FieldFill fill = Assert.Single(treatment.Fills);
        Assert.Equal(("job_level", 5.0, PairSides.Mentee), (fill.Field, fill.Number!.Value, fill.Sides));
        Assert.Equal(["mentee_job_level_missing"], treatment.IndicatorNames);
        Assert.True(treatment.Covers("job_level", PairSides.Mentee));
        Assert.False(treatment.Covers("job_level", PairSides.Mentor));
    }

    [Fact]
    public void The_fill_is_fitted_on_the_rows_it_is_given_only()
    {
        PairSnapshot[] training =
        [
            Snapshot(TinyHistory.Mentee("A") with { JobLevel = null }, TinyHistory.Mentor("M1") with { JobLevel = 1 }),
            Snapshot(TinyHistory.Mentee("B") with { JobLevel = 3 }, TinyHistory.Mentor("M1") with { JobLevel = 1 }),
        ];
        var plan = OmitAbsentFeatures.Decide(s_builder, All, training);

        // A fold's fitting rows that hold other values: the fill follows them, the columns do not change.
        PairSnapshot[] fold = [Snapshot(TinyHistory.Mentee("C") with { JobLevel = 9 }, TinyHistory.Mentor("M2") with { JobLevel = 9 })];
        ProfileTreatment onTraining = plan.Fit(training)!, onFold = plan.Fit(fold)!;

        Assert.Equal(2.0, onTraining.NumberFill("job_level"));
        Assert.Equal(9.0, onFold.NumberFill("job_level"));
        Assert.Equal(onTraining.IndicatorNames, onFold.IndicatorNames);
    }

    [Fact]
    public void Filled_values_and_indicators_reach_the_model_row()
    {
        Participant mentee = TinyHistory.Mentee("A") with { JobLevel = null, Department = null };
        PairSnapshot[] rows =
        [
            Snapshot(mentee, TinyHistory.Mentor("M1")),
            Snapshot(TinyHistory.Mentee("B") with { JobLevel = 4 }, TinyHistory.Mentor("M1")),
        ];
        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);
        ProfileTreatment treatment = plan.Fit(rows)!;
        FittedFeatureState state = s_builder.Fit(rows) with { Profile = treatment };
        var layout = new FeatureLayout(s_builder, plan.Kept, AuditFeatureEncoding.None, null, treatment);

        float[] x = layout.Build(rows, state);
        var m = new FeatureMatrix(layout.Names, x, rows.Length);

        // Levels 4 and 7 (the mentor) → median 5.5; departments Finance (B) and Sales (M1) tie → "Finance" by name.
        Assert.Equal(5.5f, m[0, "mentee_job_level"]);
        Assert.Equal(1.5f, m[0, "level_gap"]);
        Assert.Equal(("Finance", 0f), (treatment.TextFill("department"), m[0, "same_department"]));
        Assert.Equal((1f, 0f), (m[0, "mentee_job_level_missing"], m[1, "mentee_job_level_missing"]));
        Assert.Equal((1f, 0f), (m[0, "mentee_department_missing"], m[1, "mentee_department_missing"]));
        Assert.Equal(layout.Names.Count, layout.Width);
    }

    [Fact]
    public void A_version_requires_what_it_reads_and_cannot_fill_and_never_manager_id()
    {
        PairSnapshot[] rows =
        [
            Snapshot(TinyHistory.Mentee("A") with { JobLevel = null, Site = null }, TinyHistory.Mentor("M1")),
            Snapshot(TinyHistory.Mentee("B"), TinyHistory.Mentor("M1")),
        ];
        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);

        var required = ProfileRequirements.Of(s_builder, plan.Kept, plan.Fit(rows));

        Assert.Equal(["department", "timezone_offset_h", "tenure_years", "languages", "skills", "goals_text", "availability_h_per_month"], required.Mentee);
        Assert.Equal(["department", "site", "timezone_offset_h", "job_level", "tenure_years", "languages", "skills", "goals_text", "availability_h_per_month", "mentor_capacity"], required.Mentor);
        Assert.Equal(["job_level"], required.MissingIn(TinyHistory.Mentor("M9") with { JobLevel = null }, Role.Mentor));
    }

    [Fact]
    public void A_bare_version_requires_nothing_of_a_profile()
    {
        PairSnapshot[] rows = [Snapshot(Bare(TinyHistory.Mentee("A")), Bare(TinyHistory.Mentor("M1")))];
        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);

        var required = ProfileRequirements.Of(s_builder, plan.Kept, plan.Fit(rows));

        Assert.Empty(required.Mentee);
        Assert.Empty(required.Mentor);
    }

    [Fact]
    public void The_fitted_treatment_survives_the_model_json_round_trip()
    {
        PairSnapshot[] rows =
        [
            Snapshot(TinyHistory.Mentee("A") with { TimezoneOffsetH = null, Skills = null }, TinyHistory.Mentor("M1") with { Skills = null }),
            Snapshot(TinyHistory.Mentee("B"), TinyHistory.Mentor("M1") with { Skills = null }),
        ];
        var plan = OmitAbsentFeatures.Decide(s_builder, All, rows);
        FittedFeatureState state = s_builder.Fit(rows) with { Profile = plan.Fit(rows) };

        FittedFeatureState back = FittedFeatureState.FromJson(state.ToJson());

        Assert.Equal(state.Profile!.Absent, back.Profile!.Absent);
        Assert.Equal(state.Profile.Fills, back.Profile.Fills);
        Assert.Contains("\"sides\":\"Mentee\"", state.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"profile\"", (s_builder.Fit(rows) with { Profile = null }).ToJson(), StringComparison.Ordinal);
    }
}

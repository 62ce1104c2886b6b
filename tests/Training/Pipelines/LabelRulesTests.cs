using MatchModels.Core.History;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

/// <summary>Each branch of each label rule, on histories of a few hand-made pairs.</summary>
public sealed class LabelRulesTests
{
    private static readonly DateTime s_matched = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly PairSuccessLabel s_success = new(MinSessions: 2, WithinDays: 30, MinMenteeSatisfaction: 4);

    private static readonly DropoutLabel s_dropout = new(NoSessionDays: 20);

    private const int CutoffDays = 10;

    private static Pair Pair(string id, bool accepted = true, int? endedDay = null, EndReason? reason = null) => new(
        id, "prog", "c1", "mentee-" + id, "mentor", s_matched, MatchSource.Algorithm, accepted,
        endedDay is { } d ? s_matched.AddDays(d) : null, endedDay is null ? null : reason ?? EndReason.Completed);

    private static Session SessionOn(string pairId, double day) => new(pairId, s_matched.AddDays(day), 60, 4, 4);

    private static Outcome Survey(string pairId, int day, int? menteeSatisfaction) =>
        new(pairId, s_matched.AddDays(day), menteeSatisfaction, 4, 3, 2);

    private static ProgrammeHistory History(Pair pair, Session[]? sessions = null, Outcome[]? outcomes = null) =>
        new([], [pair], sessions ?? [], outcomes ?? []);

    /// <summary>The decision for the only pair of a history whose data stands at <paramref name="asOfDay"/>.</summary>
    private static LabelDecision Decide(LabelSpec label, int asOfDay, Pair pair, Session[]? sessions = null, Outcome[]? outcomes = null) =>
        new LabelRules(label, label is DropoutLabel ? CutoffDays : 0, History(pair, sessions, outcomes), s_matched.AddDays(asOfDay)).Decide(pair);

    // Pair-success: accepted AND >= 2 sessions within 30 days of the match AND mentee_satisfaction >= 4.

    [Fact]
    public void Success_declined_pair_is_a_failure()
    {
        LabelDecision d = Decide(s_success, 365, Pair("p", accepted: false));

        Assert.Equal((false, null), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_enough_sessions_and_satisfied_mentee_is_a_success()
    {
        Pair p = Pair("p", endedDay: 100);

        LabelDecision d = Decide(s_success, 365, p, [SessionOn("p", 3), SessionOn("p", 30)], [Survey("p", 101, 4)]);

        Assert.Equal((true, null), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_unsatisfied_mentee_is_a_failure()
    {
        Pair p = Pair("p", endedDay: 100);

        Assert.False(Decide(s_success, 365, p, [SessionOn("p", 3), SessionOn("p", 10)], [Survey("p", 101, 3)]).Label);
    }

    [Fact]
    public void Success_too_few_sessions_once_the_window_closed_is_a_failure_whatever_the_survey()
    {
        Pair p = Pair("p");

        // The second session is a day after the 30-day window, so only one counts.
        LabelDecision d = Decide(s_success, 60, p, [SessionOn("p", 3), SessionOn("p", 31)], [Survey("p", 50, 5)]);

        Assert.Equal((false, null), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_too_few_sessions_while_the_window_is_open_is_unknown()
    {
        Pair p = Pair("p");

        LabelDecision d = Decide(s_success, 20, p, [SessionOn("p", 3)]);

        Assert.Equal((null, LabelExclusion.WindowOpen), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_too_few_sessions_in_an_open_window_of_a_pair_that_ended_is_a_failure()
    {
        Pair p = Pair("p", endedDay: 15, reason: EndReason.MenteeDropped);

        Assert.False(Decide(s_success, 20, p, [SessionOn("p", 3)]).Label);
    }

    [Fact]
    public void Success_session_on_the_last_day_of_the_window_counts()
    {
        Pair p = Pair("p", endedDay: 60);

        Assert.True(Decide(s_success, 90, p, [SessionOn("p", 3), SessionOn("p", 30)], [Survey("p", 61, 5)]).Label);
    }

    [Fact]
    public void Success_enough_sessions_without_a_survey_is_unknown_even_in_an_open_window()
    {
        Pair p = Pair("p");

        LabelDecision d = Decide(s_success, 20, p, [SessionOn("p", 3), SessionOn("p", 10)]);

        Assert.Equal((null, LabelExclusion.NoOutcome), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_survey_without_mentee_satisfaction_is_unknown()
    {
        Pair p = Pair("p", endedDay: 100);

        LabelDecision d = Decide(s_success, 365, p, [SessionOn("p", 3), SessionOn("p", 10)], [Survey("p", 101, null)]);

        Assert.Equal((null, LabelExclusion.NoMenteeSatisfaction), (d.Label, d.Excluded));
    }

    [Fact]
    public void Success_rule_without_a_satisfaction_threshold_needs_no_survey()
    {
        Pair p = Pair("p");

        Assert.True(Decide(s_success with { MinMenteeSatisfaction = null }, 20, p, [SessionOn("p", 3), SessionOn("p", 10)]).Label);
    }

    [Fact]
    public void Success_every_pair_is_eligible()
    {
        var rules = new LabelRules(s_success, 0, History(Pair("p", accepted: false)), s_matched);

        Assert.True(rules.IsEligible(Pair("p", accepted: false)));
        Assert.True(rules.IsEligible(Pair("q", endedDay: 1)));
    }

    // Drop-out at 10 days after the match: dropped = ended as *_dropped, OR ended (not rematched) with no session in the 20 days before.

    [Fact]
    public void Dropout_declined_pair_is_not_a_row()
    {
        Pair p = Pair("p", accepted: false);
        var rules = new LabelRules(s_dropout, CutoffDays, History(p), s_matched.AddDays(365));

        Assert.Equal((null, LabelExclusion.NotAccepted), (rules.Decide(p).Label, rules.Decide(p).Excluded));
        Assert.False(rules.IsEligible(p));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(CutoffDays)]
    public void Dropout_pair_that_ended_by_the_cutoff_is_not_a_row(int endedDay)
    {
        Pair p = Pair("p", endedDay: endedDay, reason: EndReason.MenteeDropped);
        var rules = new LabelRules(s_dropout, CutoffDays, History(p), s_matched.AddDays(365));

        Assert.Equal(LabelExclusion.EndedByCutoff, rules.Decide(p).Excluded);
        Assert.Null(rules.Label(p));
        Assert.False(rules.IsEligible(p));
    }

    [Fact]
    public void Dropout_running_pair_is_eligible_but_unknown()
    {
        Pair p = Pair("p");
        var rules = new LabelRules(s_dropout, CutoffDays, History(p), s_matched.AddDays(365));

        Assert.Equal((null, LabelExclusion.NotEnded), (rules.Decide(p).Label, rules.Decide(p).Excluded));
        Assert.True(rules.IsEligible(p));
    }

    [Theory]
    [InlineData(EndReason.MenteeDropped)]
    [InlineData(EndReason.MentorDropped)]
    public void Dropout_ended_as_dropped_is_a_dropout_even_with_recent_sessions(EndReason reason)
    {
        Pair p = Pair("p", endedDay: 60, reason: reason);

        Assert.True(Decide(s_dropout, 365, p, [SessionOn("p", 59)]).Label);
    }

    [Fact]
    public void Dropout_rematched_is_never_a_dropout_even_after_a_silence()
    {
        Pair p = Pair("p", endedDay: 60, reason: EndReason.Rematched);

        Assert.False(Decide(s_dropout, 365, p, [SessionOn("p", 1)]).Label);
    }

    [Theory]
    [InlineData(EndReason.Completed, 45, false)]
    [InlineData(EndReason.Completed, 40, false)]
    [InlineData(EndReason.Completed, 39.9, true)]
    [InlineData(EndReason.ProgrammeEnded, 50, false)]
    [InlineData(EndReason.ProgrammeEnded, 20, true)]
    public void Dropout_other_endings_count_as_dropouts_after_a_silence(EndReason reason, double lastSessionDay, bool dropped)
    {
        // Ended on day 60: a session on or after day 40 (20 days before) means the pair was still meeting.
        Pair p = Pair("p", endedDay: 60, reason: reason);

        Assert.Equal(dropped, Decide(s_dropout, 365, p, [SessionOn("p", 2), SessionOn("p", lastSessionDay)]).Label);
    }

    [Fact]
    public void Dropout_pair_that_ended_without_any_session_is_a_dropout()
    {
        Assert.True(Decide(s_dropout, 365, Pair("p", endedDay: 60)).Label);
    }

    // Applying a rule to a whole history.

    [Fact]
    public void Apply_keeps_labelled_rows_in_order_and_counts_exclusions_by_reason()
    {
        Pair[] pairs =
        [
            Pair("declined", accepted: false),
            Pair("early", endedDay: 3, reason: EndReason.MentorDropped),
            Pair("running"),
            Pair("dropped", endedDay: 40, reason: EndReason.MenteeDropped),
            Pair("running2"),
            Pair("completed", endedDay: 50),
        ];
        var history = new ProgrammeHistory([], pairs, [SessionOn("completed", 45)], []);
        var rules = new LabelRules(s_dropout, CutoffDays, history, s_matched.AddDays(100));

        LabelledPairs result = rules.Apply();

        Assert.Equal(["dropped", "completed"], result.Rows.Select(r => r.Pair.PairId));
        Assert.Equal([true, false], result.Rows.Select(r => r.Label));
        Assert.Equal(
            new Dictionary<LabelExclusion, int> { [LabelExclusion.NotAccepted] = 1, [LabelExclusion.EndedByCutoff] = 1, [LabelExclusion.NotEnded] = 2 },
            result.Excluded);
        Assert.Equal(
            "2 labelled (1 positive, 1 negative); 4 excluded: 1 not_accepted, 1 ended_by_cutoff, 2 not_ended; as of 2024-04-10T00:00:00Z",
            result.Summary());
    }

    [Fact]
    public void Apply_with_nothing_excluded_says_so()
    {
        var history = History(Pair("p", accepted: false));

        LabelledPairs result = new LabelRules(s_success, 0, history, s_matched).Apply();

        Assert.Equal("1 labelled (0 positive, 1 negative); none excluded; as of 2024-01-01T00:00:00Z", result.Summary());
    }

    [Fact]
    public void Rules_from_a_spec_decide_as_of_the_latest_timestamp_in_the_data()
    {
        Pair p = Pair("p");
        var history = History(p, [SessionOn("p", 3)]);
        PipelineSpec spec = PipelineFile.Parse(PipelineFileTests.Minimal, "m.yaml") with { Label = s_success };

        var rules = new LabelRules(spec, history);

        // The data ends on day 3, inside the 30-day window: one session so far is not yet a failure.
        Assert.Equal(s_matched.AddDays(3), rules.AsOf);
        Assert.Equal(LabelExclusion.WindowOpen, rules.Decide(p).Excluded);
    }

    [Fact]
    public void Data_as_of_is_the_latest_timestamp_of_any_table()
    {
        Participant person = new(
            "x", "prog", "c1", Role.Mentee, s_matched.AddDays(-5), "Finance", "Paris", 1, 3, 2, null, ["fr"], [], "", 4, 0);
        var history = new ProgrammeHistory([person], [Pair("p", endedDay: 40)], [SessionOn("p", 30)], [Survey("p", 70, 5)]);

        Assert.Equal(s_matched.AddDays(70), LabelRules.DataAsOf(history));
        Assert.Equal(s_matched.AddDays(40), LabelRules.DataAsOf(history with { Outcomes = [] }));
    }

    // Inputs the rule reads.

    [Fact]
    public void A_satisfaction_rule_needs_outcomes()
    {
        var history = History(Pair("p"), [SessionOn("p", 1)]);

        Assert.Equal(["label rule needs outcomes.mentee_satisfaction but outcomes is empty"], LabelRules.MissingInputs(s_success, history));
        Assert.Empty(LabelRules.MissingInputs(s_success with { MinMenteeSatisfaction = null }, history));
    }

    [Fact]
    public void A_satisfaction_rule_needs_some_recorded_satisfaction()
    {
        var history = History(Pair("p", endedDay: 40), [SessionOn("p", 1)], [Survey("p", 41, null)]);

        Assert.Equal(["label rule needs outcomes.mentee_satisfaction but no outcomes row has one"], LabelRules.MissingInputs(s_success, history));
    }

    [Fact]
    public void A_session_count_rule_needs_sessions()
    {
        var history = History(Pair("p", endedDay: 40), [], [Survey("p", 41, 5)]);

        Assert.Equal(["label rule needs sessions (min_sessions: 2) but sessions is empty"], LabelRules.MissingInputs(s_success, history));
    }

    [Fact]
    public void A_dropout_rule_needs_ended_pairs_and_sessions()
    {
        Assert.Equal(
            ["label rule needs pairs.ended_at but no pair has ended", "label rule needs sessions (no_session_days: 20) but sessions is empty"],
            LabelRules.MissingInputs(s_dropout, History(Pair("p"))));
        Assert.Empty(LabelRules.MissingInputs(s_dropout, History(Pair("p", endedDay: 40), [SessionOn("p", 1)])));
    }

    [Fact]
    public void Any_rule_needs_pairs()
    {
        Assert.Equal(
            ["label rule needs pairs but pairs is empty"],
            LabelRules.MissingInputs(s_dropout, new ProgrammeHistory([], [], [SessionOn("p", 1)], [])));
    }
}

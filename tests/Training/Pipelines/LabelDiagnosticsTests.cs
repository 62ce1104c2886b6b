using MatchModels.Core.History;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

/// <summary>Counts per label reason and the refusal that names a gap in the data, on hand-made pairs.</summary>
public sealed class LabelDiagnosticsTests
{
    private static readonly DateTime s_matched = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly PairSuccessLabel s_success = new(MinSessions: 2, WithinDays: 30, MinMenteeSatisfaction: null);

    private static readonly DropoutLabel s_dropout = new(NoSessionDays: 20);

    private static Pair Pair(string id, bool accepted = true, int? endedDay = null, EndReason? reason = null) => new(
        id, "prog", "c1", "mentee-" + id, "mentor", s_matched, MatchSource.Algorithm, accepted,
        endedDay is { } d ? s_matched.AddDays(d) : null, endedDay is null ? null : reason ?? EndReason.Completed);

    private static Session SessionOn(string pairId, double day) => new(pairId, s_matched.AddDays(day), 60, 4, 4);

    private static LabelledPairs Apply(LabelSpec rule, Pair[] pairs, Session[] sessions) =>
        new LabelRules(rule, rule is DropoutLabel ? 10 : 0, new ProgrammeHistory([], pairs, sessions, []), s_matched.AddDays(365)).Apply();

    [Fact]
    public void Success_counts_each_reason_and_names_completed_pairs_without_sessions()
    {
        Pair[] pairs =
        [
            Pair("met", endedDay: 90), Pair("declined", accepted: false), Pair("c1", endedDay: 90), Pair("c2", endedDay: 90),
            Pair("quit", endedDay: 20, reason: EndReason.MenteeDropped), Pair("once", endedDay: 90),
        ];
        Session[] sessions = [SessionOn("met", 2), SessionOn("met", 9), SessionOn("once", 3)];

        IReadOnlyList<LabelCount> counts = LabelDiagnostics.Count(Apply(s_success, pairs, sessions), s_success);

        Assert.Equal(
            [
                new LabelCount("enough_sessions", true, 1, "1 pairs held at least 2 sessions within 30 days: counted as succeeded"),
                new LabelCount("declined", false, 1, "1 declined matches: counted as not succeeded"),
                new LabelCount("completed_without_sessions", false, 2, "2 completed pairs have no session rows: counted as not succeeded; is the sessions export complete?"),
                new LabelCount("no_sessions", false, 1, "1 accepted pairs have no session rows: counted as not succeeded; is the sessions export complete?"),
                new LabelCount("too_few_sessions", false, 1, "1 pairs held fewer than 2 sessions within 30 days: counted as not succeeded"),
            ],
            counts);
    }

    [Fact]
    public void Dropout_counts_completed_pairs_without_sessions_as_dropouts_and_says_why()
    {
        Pair[] pairs =
        [
            Pair("c1", endedDay: 60), Pair("c2", endedDay: 60), Pair("met", endedDay: 60), Pair("quiet", endedDay: 60, reason: EndReason.ProgrammeEnded),
            Pair("running"),
        ];
        Session[] sessions = [SessionOn("met", 50), SessionOn("quiet", 5)];

        LabelledPairs labelled = Apply(s_dropout, pairs, sessions);

        Assert.Equal(
            [LabelReason.CompletedWithoutSessions, LabelReason.CompletedWithoutSessions, LabelReason.ActiveBeforeEnd, LabelReason.QuietBeforeEnd],
            labelled.Rows.Select(r => r.Reason!.Value));
        Assert.Equal(
            [
                "2 completed pairs have no session rows: counted as dropped out; is the sessions export complete?",
                "1 pairs had no session in the 20 days before they ended: counted as dropped out",
                "1 pairs had a session in the 20 days before they ended: counted as stayed",
                "1 pairs are still running: left out until they end",
            ],
            LabelDiagnostics.Count(labelled, s_dropout).Select(c => c.Message));
    }

    [Fact]
    public void A_one_sided_split_is_blamed_on_completed_pairs_without_sessions_when_they_are_most_of_it()
    {
        // Three of the five negatives are accepted pairs with no session rows, two of them completed.
        Pair[] pairs =
        [
            Pair("c1", endedDay: 90), Pair("c2", endedDay: 90), Pair("quit", endedDay: 9, reason: EndReason.MenteeDropped),
            Pair("d1", accepted: false), Pair("d2", accepted: false),
        ];

        string? gap = LabelDiagnostics.DataGapBehind([.. Apply(s_success, pairs, [SessionOn("other", 1)]).Rows], s_success);

        Assert.Equal(
            "2 completed pairs have no session rows: counted as not succeeded; is the sessions export complete?; and " +
            "1 accepted pairs have no session rows: counted as not succeeded; is the sessions export complete?",
            gap);
    }

    [Fact]
    public void A_one_sided_split_is_not_blamed_on_the_data_when_the_gap_is_a_minority_of_it()
    {
        // One of the four negatives is a completed pair with no session rows: the split itself is the story.
        Pair[] pairs = [Pair("c1", endedDay: 90), Pair("d1", accepted: false), Pair("d2", accepted: false), Pair("d3", accepted: false)];

        LabelledPairs labelled = Apply(s_success, pairs, [SessionOn("other", 1)]);

        Assert.Null(LabelDiagnostics.DataGapBehind([.. labelled.Rows], s_success));
        Assert.Equal("by reason: 3 declined (negative), 1 completed_without_sessions (negative)", LabelDiagnostics.Breakdown(labelled.Rows));
    }
}

using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Core.Tests.Features;

public sealed class PointInTimeHistoryTests
{
    [Fact]
    public void A_proposal_counts_every_pair_of_the_mentor_known_at_its_cut_off()
    {
        var index = new PointInTimeHistory(TinyHistory.Build());
        DateTime asOf = TinyHistory.Start.AddDays(1);

        PairSnapshot s = index.ProposalSnapshot("B", "M1", asOf);

        // p2 and p3 are running a day after Start; p0 (completed) and p1 (dropped) ended before; p4 is matched later.
        Assert.Equal(new MentorTrackRecord(ActivePairs: 2, PriorPairs: 2, PriorCompleted: 1), s.MentorRecord);
        Assert.Equal((asOf, asOf), (s.MatchedAt, s.AsOf));
        Assert.Equal(("B", "M1"), (s.Mentee.ParticipantId, s.Mentor.ParticipantId));
        Assert.False(s.SameReportingLine);
        Assert.Null(s.Engagement);
    }

    [Fact]
    public void A_proposal_sees_the_reporting_line_as_a_history_pair_does()
    {
        var index = new PointInTimeHistory(TinyHistory.Build());

        // A reports to M0.
        Assert.True(index.ProposalSnapshot("A", "M0", TinyHistory.Start).SameReportingLine);
        Assert.Equal(MentorTrackRecord.None, index.ProposalSnapshot("A", "M0", TinyHistory.Start).MentorRecord);
    }

    [Fact]
    public void A_proposal_of_a_history_pair_differs_from_its_snapshot_only_by_counting_that_pair()
    {
        ProgrammeHistory h = TinyHistory.Build();
        var index = new PointInTimeHistory(h);
        Pair p3 = h.Pairs.Single(p => p.PairId == "p3");

        PairSnapshot known = index.Snapshot(p3, p3.MatchedAt, withEngagement: false);
        PairSnapshot proposed = index.ProposalSnapshot(p3.MenteeId, p3.MentorId, p3.MatchedAt);

        Assert.Equal(known.MentorRecord with { ActivePairs = known.MentorRecord.ActivePairs + 1 }, proposed.MentorRecord);
        Assert.Equal(known with { MentorRecord = proposed.MentorRecord }, proposed);
    }

    [Fact]
    public void TryParticipant_finds_a_participant_and_refuses_an_unknown_id()
    {
        var index = new PointInTimeHistory(TinyHistory.Build());

        Assert.True(index.TryParticipant("M1", out Participant? m1));
        Assert.Equal(Role.Mentor, m1.Role);
        Assert.False(index.TryParticipant("nobody", out _));
    }
}

using MatchModels.Core.History;
using MatchModels.Core.Scoring;

namespace MatchModels.Core.Tests.Scoring;

public sealed class CheckCutOffTests
{
    private static readonly DateTime s_now = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Participant s_mentor = new("m-1", "prog", "c1", Role.Mentor, new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), "Legal", "Lyon", 1, 6, 9, null, ["fr"], ["leadership"], "", 6, 2);

    [Fact]
    public void A_cut_off_at_the_joining_instant_is_allowed_and_a_second_before_is_not()
    {
        Assert.Null(CheckCutOff.BeforeJoining(s_mentor.JoinedAt, s_mentor));
        Assert.Equal("at or after mentor \"m-1\" joined_at 2024-05-01T00:00:00Z", CheckCutOff.BeforeJoining(s_mentor.JoinedAt.AddSeconds(-1), s_mentor));
    }

    [Fact]
    public void A_cut_off_366_days_ahead_is_allowed_and_a_second_more_is_not()
    {
        // 2025-03-01 + 366 days = 2026-03-02: neither year has a 29 February in between.
        Assert.Null(CheckCutOff.TooFarAhead(new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc), s_now));
        Assert.Equal(
            "at most 366 days after the time of the run (2025-03-01T12:00:00Z), so at or before 2026-03-02T12:00:00Z",
            CheckCutOff.TooFarAhead(new DateTime(2026, 3, 2, 12, 0, 1, DateTimeKind.Utc), s_now));
    }
}

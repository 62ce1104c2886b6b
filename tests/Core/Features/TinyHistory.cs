using MatchModels.Core.History;

namespace MatchModels.Core.Tests.Features;

/// <summary>A hand-made history small enough to check every feature on paper.</summary>
internal static class TinyHistory
{
    public static readonly DateTime Start = new(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    public static Participant Mentee(string id, string? manager = null, string goals = "Je souhaite progresser en négociation et en leadership.") => new(
        id, "prog", "c1", Role.Mentee, Start.AddDays(-10), "Finance", "Paris", 1, 3, 2.0, manager,
        ["fr", "en"], ["negotiation", "leadership", "python"], goals, 4, 0);

    public static Participant Mentor(string id, string? manager = null, int capacity = 3) => new(
        id, "prog", "c1", Role.Mentor, Start.AddDays(-400), "Sales", "London", 0, 7, 10.0, manager,
        ["en"], ["Negotiation", "leadership", "public speaking", "sales"], "Happy to share negotiation and leadership experience.", 6, capacity);

    public static Pair Pair(string id, string mentee, string mentor, DateTime matched, DateTime? ended = null, EndReason? reason = null) =>
        new(id, "prog", "c1", mentee, mentor, matched, MatchSource.Algorithm, true, ended, reason);

    /// <summary>
    /// Mentor M1 has: p0 (ended completed before the cut-off), p1 (ended mentee_dropped before), p2 (running),
    /// and the scored pair p3 at Start; p4 is matched after the cut-off and must never count.
    /// </summary>
    public static ProgrammeHistory Build()
    {
        Participant[] people =
        [
            Mentor("M1"), Mentor("M0"), Mentee("A", manager: "M0"), Mentee("B"), Mentee("C"), Mentee("D"), Mentee("E"),
        ];
        Pair[] pairs =
        [
            Pair("p0", "B", "M1", Start.AddDays(-200), Start.AddDays(-20), EndReason.Completed),
            Pair("p1", "C", "M1", Start.AddDays(-190), Start.AddDays(-100), EndReason.MenteeDropped),
            Pair("p2", "D", "M1", Start.AddDays(-30)),
            Pair("p3", "A", "M1", Start),
            Pair("p4", "E", "M1", Start.AddDays(5)),
        ];
        Session[] sessions =
        [
            new("p3", Start.AddDays(3), 60, 4, 5),
            new("p3", Start.AddDays(12), 30, 2, null),
            new("p3", Start.AddDays(40), 45, 5, 5),
        ];
        return new ProgrammeHistory(people, pairs, sessions, []);
    }
}

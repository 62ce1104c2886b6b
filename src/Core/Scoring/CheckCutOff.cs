using System.Globalization;
using MatchModels.Core.History;

namespace MatchModels.Core.Scoring;

/// <summary>
/// The rule every scored pair's cut-off (as_of) obeys, offline (<c>predict --pairs</c>) and in the scoring API
/// (predict, rank), so the two never disagree on what may be scored: not before either participant joined, and not
/// absurdly far after the time of the run.
/// </summary>
public static class CheckCutOff
{
    /// <summary>
    /// How far after the time of the run a cut-off may lie. A year and a day covers a match proposed for a cohort
    /// that starts within the programme year (leap years included); further ahead is a wrong year or a time unit
    /// mistake, and features that age with the cut-off (tenure, time since joining) would be read where training
    /// never saw them.
    /// </summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    /// <summary>What the cut-off should have been when it is before <paramref name="participant"/> joined, else null.</summary>
    public static string? BeforeJoining(DateTime asOf, Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);

        // Profiles are as recorded at joining: scoring before then would read what was not yet known.
        return asOf < participant.JoinedAt
            ? $"at or after {EnumNames.Of(participant.Role)} \"{participant.ParticipantId}\" joined_at {Text(participant.JoinedAt)}"
            : null;
    }

    /// <summary>What the cut-off should have been when it is more than <see cref="MaxAhead"/> after <paramref name="now"/>, else null.</summary>
    public static string? TooFarAhead(DateTime asOf, DateTime now) =>
        asOf > now + MaxAhead
            ? $"at most {MaxAhead.TotalDays:0} days after the time of the run ({Text(now)}), so at or before {Text(now + MaxAhead)}"
            : null;

    /// <summary>The cut-off as every message writes it: UTC to the second.</summary>
    public static string Text(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

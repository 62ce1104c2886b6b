using System.Diagnostics.CodeAnalysis;
using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// An index over a validated history that answers "what was known at instant t" questions. An event is
/// visible at the cut-off t when its own timestamp is at or before t: a pair from its matched_at, its end
/// from its ended_at, a session from its held_at, an attribute change (participant_changes) from its effective_from.
/// Nothing dated after t is ever read, which is what the leakage property test checks.
/// </summary>
public sealed class PointInTimeHistory
{
    /// <summary>Management chains longer than this are cut, which also guards against a manager_id cycle.</summary>
    private const int MaxChainLength = 32;

    private readonly Dictionary<string, Participant> _people;
    private readonly Dictionary<string, Pair[]> _pairsByMentor;
    private readonly Dictionary<string, Session[]> _sessionsByPair;
    private readonly Dictionary<string, AttributeChange[]> _changesByParticipant;

    public PointInTimeHistory(ProgrammeHistory history)
    {
        History = history;
        _people = history.Participants.ToDictionary(p => p.ParticipantId, StringComparer.Ordinal);
        _pairsByMentor = history.Pairs
            .GroupBy(p => p.MentorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.MatchedAt).ToArray(), StringComparer.Ordinal);
        _sessionsByPair = history.Sessions
            .GroupBy(s => s.PairId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.HeldAt).ToArray(), StringComparer.Ordinal);
        _changesByParticipant = history.Changes
            .GroupBy(c => c.ParticipantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.EffectiveFrom).ToArray(), StringComparer.Ordinal);
    }

    public ProgrammeHistory History { get; }

    public Participant Participant(string id) =>
        _people.TryGetValue(id, out Participant? p) ? p : throw new KeyNotFoundException($"no participant '{id}'");

    public bool TryParticipant(string id, [NotNullWhen(true)] out Participant? participant) =>
        _people.TryGetValue(id, out participant);

    /// <summary>
    /// The participant as they were at <paramref name="asOf"/>: the participants row (the profile at joined_at) with every
    /// change of participant_changes effective at or before <paramref name="asOf"/> applied in time order.
    /// </summary>
    public Participant ParticipantAt(string id, DateTime asOf)
    {
        Participant p = Participant(id);
        if (_changesByParticipant.TryGetValue(id, out AttributeChange[]? changes))
        {
            foreach (AttributeChange c in changes)
            {
                if (c.EffectiveFrom > asOf)
                {
                    break; // sorted: the rest take effect later
                }

                p = c.ApplyTo(p);
            }
        }

        return p;
    }

    /// <summary>The snapshot of <paramref name="pair"/> at <paramref name="asOf"/>; engagement only when asked for.</summary>
    public PairSnapshot Snapshot(Pair pair, DateTime asOf, bool withEngagement)
    {
        Participant mentee = ParticipantAt(pair.MenteeId, asOf);
        Participant mentor = ParticipantAt(pair.MentorId, asOf);
        return new PairSnapshot(
            mentee,
            mentor,
            pair.MatchedAt,
            asOf,
            SameReportingLine(mentee, mentor, asOf),
            MentorRecord(pair.MentorId, asOf, pair.PairId),
            withEngagement ? Engagement(pair, asOf) : null);
    }

    /// <summary>
    /// The snapshot of a pair the history does not hold, proposed at <paramref name="asOf"/>: it is matched then, so
    /// every pair of the mentor's counts in their record and there is no engagement yet.
    /// </summary>
    public PairSnapshot ProposalSnapshot(string menteeId, string mentorId, DateTime asOf)
    {
        Participant mentee = ParticipantAt(menteeId, asOf);
        Participant mentor = ParticipantAt(mentorId, asOf);
        return new PairSnapshot(mentee, mentor, asOf, asOf, SameReportingLine(mentee, mentor, asOf), MentorRecord(mentorId, asOf, excludePairId: null));
    }

    /// <summary>The mentor's record at <paramref name="asOf"/> over pairs other than <paramref name="excludePairId"/>.</summary>
    public MentorTrackRecord MentorRecord(string mentorId, DateTime asOf, string? excludePairId)
    {
        if (!_pairsByMentor.TryGetValue(mentorId, out Pair[]? pairs))
        {
            return MentorTrackRecord.None;
        }

        int active = 0, prior = 0, completed = 0;
        foreach (Pair p in pairs)
        {
            if (p.MatchedAt > asOf)
            {
                break; // sorted by matched_at: the rest are in the future
            }

            if (p.PairId == excludePairId)
            {
                continue;
            }

            if (p.EndedAt is { } ended && ended <= asOf)
            {
                prior++;
                if (p.EndReason == EndReason.Completed)
                {
                    completed++;
                }
            }
            else
            {
                active++;
            }
        }

        return new MentorTrackRecord(active, prior, completed);
    }

    /// <summary>The pair's sessions held at or before <paramref name="asOf"/>.</summary>
    public EngagementSoFar Engagement(Pair pair, DateTime asOf)
    {
        if (!_sessionsByPair.TryGetValue(pair.PairId, out Session[]? sessions))
        {
            return EngagementSoFar.None;
        }

        int n = 0, menteeRated = 0, mentorRated = 0;
        double minutes = 0, menteeSum = 0, mentorSum = 0;
        DateTime? first = null, last = null;
        foreach (Session s in sessions)
        {
            if (s.HeldAt > asOf)
            {
                break;
            }

            n++;
            minutes += s.DurationMin;
            first ??= s.HeldAt;
            last = s.HeldAt;
            if (s.MenteeRating is { } a)
            {
                menteeSum += a;
                menteeRated++;
            }

            if (s.MentorRating is { } b)
            {
                mentorSum += b;
                mentorRated++;
            }
        }

        return new EngagementSoFar(
            n,
            minutes,
            first is { } f ? (f - pair.MatchedAt).TotalDays : null,
            last is { } l ? (l - pair.MatchedAt).TotalDays : null,
            menteeRated > 0 ? menteeSum / menteeRated : null,
            mentorRated > 0 ? mentorSum / mentorRated : null);
    }

    /// <summary>
    /// True when one is in the other's management chain, or both report to the same direct manager:
    /// such pairs mix mentoring with line management, which programmes usually avoid. The chain above them is read as
    /// it stood at <paramref name="asOf"/>.
    /// </summary>
    public bool SameReportingLine(Participant a, Participant b, DateTime asOf)
    {
        if (a.ManagerId is not null && a.ManagerId == b.ManagerId)
        {
            return true;
        }

        return InChainOf(a, b.ParticipantId, asOf) || InChainOf(b, a.ParticipantId, asOf);
    }

    private bool InChainOf(Participant start, string id, DateTime asOf)
    {
        string? manager = start.ManagerId;
        for (int depth = 0; manager is not null && depth < MaxChainLength; depth++)
        {
            if (manager == id)
            {
                return true;
            }

            manager = _people.ContainsKey(manager) ? ParticipantAt(manager, asOf).ManagerId : null;
        }

        return false;
    }
}

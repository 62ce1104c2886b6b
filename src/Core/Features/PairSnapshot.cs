using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>What the mentor's own history shows at the cut-off, counted over pairs other than the one scored.</summary>
/// <param name="ActivePairs">Pairs matched at or before the cut-off and not ended by then (acceptance is not dated, so every such pair counts).</param>
/// <param name="PriorPairs">Pairs that ended at or before the cut-off.</param>
/// <param name="PriorCompleted">Of those, how many ended as completed.</param>
public sealed record MentorTrackRecord(int ActivePairs, int PriorPairs, int PriorCompleted)
{
    public static MentorTrackRecord None { get; } = new(0, 0, 0);
}

/// <summary>A pair's sessions held at or before the cut-off (drop-out features only).</summary>
/// <param name="Sessions">Sessions held so far.</param>
/// <param name="TotalMinutes">Their total duration.</param>
/// <param name="FirstSessionDays">Days from the match to the first session; null when none yet.</param>
/// <param name="LastSessionDays">Days from the match to the latest session; null when none yet.</param>
/// <param name="MeanMenteeRating">Mean mentee rating so far; null when no rating yet.</param>
/// <param name="MeanMentorRating">Mean mentor rating so far; null when no rating yet.</param>
public sealed record EngagementSoFar(
    int Sessions,
    double TotalMinutes,
    double? FirstSessionDays,
    double? LastSessionDays,
    double? MeanMenteeRating,
    double? MeanMentorRating)
{
    public static EngagementSoFar None { get; } = new(0, 0, null, null, null, null);
}

/// <summary>
/// Everything a feature may look at for one pair, as of <see cref="AsOf"/>: the two profiles, the pair's match
/// time, the mentor's track record and (for drop-out) the engagement so far. Built by
/// <see cref="PointInTimeHistory"/> from a history, or by a scoring caller from profiles it was sent.
/// </summary>
public sealed record PairSnapshot(
    Participant Mentee,
    Participant Mentor,
    DateTime MatchedAt,
    DateTime AsOf,
    bool SameReportingLine,
    MentorTrackRecord MentorRecord,
    EngagementSoFar? Engagement = null);

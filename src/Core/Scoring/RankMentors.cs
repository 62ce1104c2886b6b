using System.Buffers;
using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Core.Scoring;

/// <summary>A candidate mentor with what the caller knows of their current load and record.</summary>
public sealed record MentorCandidate(Participant Mentor, MentorTrackRecord Record, IReadOnlyList<string>? ManagerChain = null);

/// <summary>
/// The hard filters of a ranking; a mentor removed by several is counted under the first in this order:
/// shared language, reporting line, timezone gap, free capacity.
/// </summary>
/// <param name="SharedLanguage">Keep only mentors sharing at least one working language with the mentee.</param>
/// <param name="NotSameReportingLine">Drop mentors in the mentee's reporting line (as far as the ids sent tell).</param>
/// <param name="MaxTimezoneGapH">Drop mentors more than this many hours away on the 24-hour clock; null for no limit.</param>
/// <param name="FreeCapacity">Keep only mentors with mentor_capacity above their active pairs.</param>
public sealed record RankFilters(bool SharedLanguage = true, bool NotSameReportingLine = true, double? MaxTimezoneGapH = null, bool FreeCapacity = true);

/// <summary>How many candidates each filter removed.</summary>
public sealed record FilterCounts(int SharedLanguage, int SameReportingLine, int TimezoneGap, int FreeCapacity);

public sealed record RankedMentor(int Index, string MentorId, float Probability);

/// <summary>The best mentors, best first, with the features of each (for logging) and what the filters removed.</summary>
public sealed record RankResult(IReadOnlyList<RankedMentor> Top, FilterCounts Removed, int Eligible, float[] TopFeatures);

/// <summary>Ranks candidate mentors for one mentee: hard filters, then the model's probability, highest first.</summary>
public static class RankMentors
{
    public static RankResult Run(PairScorer scorer, Participant mentee, IReadOnlyList<string>? menteeManagerChain, IReadOnlyList<MentorCandidate> mentors, DateTime asOf, RankFilters filters, int top)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(mentee);
        ArgumentNullException.ThrowIfNull(mentors);
        ArgumentNullException.ThrowIfNull(filters);
        int language = 0, line = 0, timezone = 0, capacity = 0;
        var eligible = new List<int>(mentors.Count);
        var sameLine = new bool[mentors.Count];
        for (int i = 0; i < mentors.Count; i++)
        {
            MentorCandidate c = mentors[i];
            sameLine[i] = ReportingLine.Same(mentee, menteeManagerChain, c.Mentor, c.ManagerChain);
            // A filter removes only what it can see: an unknown language list, offset or capacity keeps the mentor (ADR 0022).
            if (filters.SharedLanguage && mentee.Languages is { } spoken && c.Mentor.Languages is { } offered && PairFeatureBuilder.SharedLanguages(spoken, offered) == 0)
            {
                language++;
            }
            else if (filters.NotSameReportingLine && sameLine[i])
            {
                line++;
            }
            else if (filters.MaxTimezoneGapH is { } gap && mentee.TimezoneOffsetH is { } a && c.Mentor.TimezoneOffsetH is { } b && PairFeatureBuilder.TimezoneGap(a, b) > gap)
            {
                timezone++;
            }
            else if (filters.FreeCapacity && c.Mentor.MentorCapacity is { } places && places - c.Record.ActivePairs <= 0)
            {
                capacity++;
            }
            else
            {
                eligible.Add(i);
            }
        }

        int width = scorer.Width;

        // Pooled: 20,000 candidates make a 1.7 MB buffer per call, which would land on the large-object heap every time.
        float[] rows = ArrayPool<float>.Shared.Rent(eligible.Count * width);
        float[] p = ArrayPool<float>.Shared.Rent(eligible.Count);
        try
        {
            return Rank(scorer, mentee, mentors, asOf, top, eligible, sameLine, rows, p, new FilterCounts(language, line, timezone, capacity));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(p);
        }
    }

    private static RankResult Rank(PairScorer scorer, Participant mentee, IReadOnlyList<MentorCandidate> mentors, DateTime asOf, int top, List<int> eligible, bool[] sameLine, float[] rows, float[] p, FilterCounts removed)
    {
        int width = scorer.Width;
        ParticipantText menteeText = scorer.Prepare(mentee);
        int scratchWidth = scorer.ScratchWidth;

        // Two chunks per core: the text work of mentors not seen before dominates a cold call.
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 2, eligible.Count / 512));
        Parallel.For(0, chunks, chunk =>
        {
            Span<float> scratch = stackalloc float[scratchWidth];
            int from = (int)((long)eligible.Count * chunk / chunks), to = (int)((long)eligible.Count * (chunk + 1) / chunks);
            for (int k = from; k < to; k++)
            {
                MentorCandidate c = mentors[eligible[k]];
                var snapshot = new PairSnapshot(mentee, c.Mentor, asOf, asOf, sameLine[eligible[k]], c.Record);
                scorer.Features(snapshot, menteeText, scorer.Prepare(c.Mentor), scratch, rows.AsSpan(k * width, width));
            }
        });

        scorer.Score(rows.AsSpan(0, eligible.Count * width), eligible.Count, p);
        int n = Math.Min(Math.Max(0, top), eligible.Count);

        // A bounded min-heap keeps the best n without sorting every candidate.
        var heap = new PriorityQueue<int, (float P, int NegIndex)>(n + 1);
        for (int k = 0; k < eligible.Count && n > 0; k++)
        {
            heap.Enqueue(k, (p[k], -k));
            if (heap.Count > n)
            {
                heap.Dequeue();
            }
        }

        var best = new int[heap.Count];
        for (int i = best.Length - 1; i >= 0; i--)
        {
            best[i] = heap.Dequeue();
        }

        var topFeatures = new float[best.Length * width];
        for (int i = 0; i < best.Length; i++)
        {
            rows.AsSpan(best[i] * width, width).CopyTo(topFeatures.AsSpan(i * width, width));
        }

        var ranked = new RankedMentor[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            ranked[i] = new RankedMentor(eligible[best[i]], mentors[eligible[best[i]]].Mentor.ParticipantId, p[best[i]]);
        }

        return new RankResult(
            ranked,
            removed,
            eligible.Count,
            topFeatures);
    }
}

/// <summary>
/// The reporting-line test for callers that send profiles rather than a whole history: the same rule as
/// <see cref="PointInTimeHistory.SameReportingLine"/> (one in the other's management chain, or the same direct
/// manager), over the manager ids the caller sent: each side's manager_id plus an optional chain of managers above it.
/// </summary>
public static class ReportingLine
{
    public static bool Same(Participant a, IReadOnlyList<string>? aChain, Participant b, IReadOnlyList<string>? bChain)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return (a.ManagerId is not null && a.ManagerId == b.ManagerId)
            || Above(b.ParticipantId, a, aChain)
            || Above(a.ParticipantId, b, bChain);
    }

    private static bool Above(string id, Participant p, IReadOnlyList<string>? chain)
    {
        if (p.ManagerId == id)
        {
            return true;
        }

        if (chain is not null)
        {
            for (int i = 0; i < chain.Count; i++)
            {
                if (chain[i] == id)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

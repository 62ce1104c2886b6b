using MatchModels.Core.History;

namespace MatchModels.Synthetic.Tests;

/// <summary>
/// Recomputes each pair's truth from the four tables alone, reading only non-audit columns as they stood at the
/// cut-off: a second, independent derivation of the observables that the generator must agree with.
/// </summary>
internal static class TruthFromTables
{
    /// <summary>A participant's extra HR columns (<c>--extra-columns</c>), as written.</summary>
    public sealed record Extra(double? EngagementScore, bool Overtime, bool CoachingCertified, int PerformanceRating, string Education, IReadOnlyList<string> Interests);

    public static (double[] PSuccess, double[] PDropout) Recompute(
        ProgrammeHistory h, PhraseBank bank, DateTime? conceptChangeAt, int horizonDays, IReadOnlyDictionary<string, Extra>? extra = null)
    {
        var people = h.Participants.ToDictionary(p => p.ParticipantId, StringComparer.Ordinal);
        var pairsOfMentor = h.Pairs.GroupBy(p => p.MentorId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sessionsOf = h.Sessions.GroupBy(s => s.PairId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var pSuccess = new double[h.Pairs.Count];
        var pDropout = new double[h.Pairs.Count];
        for (int i = 0; i < h.Pairs.Count; i++)
        {
            Pair pair = h.Pairs[i];
            Participant mentee = people[pair.MenteeId], mentor = people[pair.MentorId];
            DateTime cut = pair.MatchedAt;
            int load = pairsOfMentor[mentor.ParticipantId].Count(o => o.PairId != pair.PairId && o.MatchedAt <= cut && (o.EndedAt is null || o.EndedAt > cut));
            var x = new PairObservables(
                SkillJaccard: Jaccard(mentee.Skills!, mentor.Skills!),
                GoalsAffinity: Affinity(bank, mentee.GoalsText!, mentor.GoalsText!),
                LevelGap: mentor.JobLevel!.Value - mentee.JobLevel!.Value,
                TimezoneGapH: ClockGap(mentee.TimezoneOffsetH!.Value, mentor.TimezoneOffsetH!.Value),
                MinAvailabilityH: Math.Min(mentee.AvailabilityHPerMonth!.Value, mentor.AvailabilityHPerMonth!.Value),
                SameReportingLine: SameLine(mentee, mentor, people),
                SharedLanguage: mentee.Languages!.Intersect(mentor.Languages!, StringComparer.Ordinal).Any(),
                MentorLoad: load,
                SameSite: mentee.Site == mentor.Site);
            SuccessCoefficients c = conceptChangeAt is { } at && cut >= at ? SuccessCoefficients.RemoteFirst : SuccessCoefficients.Baseline;
            (double extraSuccess, double extraDropout) = extra is null ? (0.0, 0.0) : ExtraTerms(extra[mentee.ParticipantId], extra[mentor.ParticipantId]);
            pSuccess[i] = GroundTruth.SuccessProbability(x, c, extraSuccess);
            if (!pair.Accepted)
            {
                continue;
            }

            DateTime horizon = cut.AddDays(horizonDays);
            var early = (sessionsOf.GetValueOrDefault(pair.PairId) ?? []).Where(s => s.HeldAt <= horizon).OrderBy(s => s.HeldAt).ToArray();
            double r = GroundTruth.DropoutRate(x, DropoutCoefficients.Baseline, extraDropout);
            pDropout[i] = GroundTruth.DropoutProbability(
                pSuccess[i], r, early.Length, early.Select(s => s.MenteeRating).ToArray(), early.Select(s => s.MentorRating).ToArray());
        }

        return (pSuccess, pDropout);
    }

    /// <summary>The extra columns' terms with the coefficients as docs/synthetic-data.md ("Extra columns") states them.</summary>
    private static (double Success, double Dropout) ExtraTerms(Extra mentee, Extra mentor)
    {
        double engagement = mentee.EngagementScore is { } e ? e - 3.0 : 0.0;
        double success = -0.3 + (0.6 * engagement) + (mentee.Overtime ? -0.7 : 0) + (mentor.Overtime ? -0.4 : 0) + (mentor.CoachingCertified ? 0.8 : 0)
            + (0.3 * (mentor.PerformanceRating - 3)) + (mentee.Education == mentor.Education ? 0.4 : 0) + (1.2 * Jaccard(mentee.Interests, mentor.Interests));
        double dropout = (mentee.Overtime ? 0.9 : 0) + (-0.4 * engagement);
        return (success, dropout);
    }

    private static double Jaccard(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var sa = a.Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var sb = b.Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        int union = sa.Union(sb).Count();
        return union == 0 ? 0 : (double)sa.Intersect(sb).Count() / union;
    }

    private static double Affinity(PhraseBank bank, string menteeGoals, string mentorGoals)
    {
        int wanted = bank.TopicsMentionedIn(menteeGoals, Role.Mentee);
        int offered = bank.TopicsMentionedIn(mentorGoals, Role.Mentor);
        int goals = System.Numerics.BitOperations.PopCount((uint)wanted);
        return goals == 0 ? 0 : (double)System.Numerics.BitOperations.PopCount((uint)(wanted & offered)) / goals;
    }

    private static double ClockGap(double a, double b)
    {
        double d = Math.Abs(a - b);
        return d > 12 ? 24 - d : d;
    }

    private static bool SameLine(Participant a, Participant b, Dictionary<string, Participant> people)
    {
        if (a.ManagerId is { } m && m == b.ManagerId)
        {
            return true;
        }

        return Chain(a, people).Contains(b.ParticipantId) || Chain(b, people).Contains(a.ParticipantId);
    }

    private static List<string> Chain(Participant p, Dictionary<string, Participant> people)
    {
        var chain = new List<string>();
        for (string? m = p.ManagerId; m is not null && chain.Count < 64; m = people[m].ManagerId)
        {
            chain.Add(m);
        }

        return chain;
    }
}

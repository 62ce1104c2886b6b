using MatchModels.Core.History;

namespace MatchModels.Synthetic;

/// <summary>
/// Draws what happens to one pair once matched (docs/synthetic-data.md, "Outcome draws"): latent success S,
/// acceptance, the early sessions of the first H days, drop-out D, the later sessions, the end and the survey.
/// The draws are built so that the default label (accepted, ≥ 4 sessions within 90 days, mentee satisfaction
/// ≥ 4) equals S exactly, and so that the drop-out truth can be computed exactly at matched_at + H days.
/// </summary>
internal static class DrawPairOutcome
{
    public const long Day = 86_400;

    /// <summary>The default label counts sessions within 90 days of the match.</summary>
    public const int LabelWindowDays = 90;

    /// <summary>Sessions of a pair that is not succeeding stay off the days around the label window's edge.</summary>
    private const long LastCountedSecond = (LabelWindowDays - 1) * Day;
    private const long FirstUncountedSecond = (LabelWindowDays + 1) * Day;

    // P(mentee_satisfaction = 4, 5) for S = 1; P(1, 2, 3) otherwise.
    private static readonly double[] s_satisfactionIfSuccess = [0.45, 0.55];
    private static readonly double[] s_satisfactionIfFailure = [0.30, 0.40, 0.30];

    // P(mentor_satisfaction = 3, 4, 5) for S = 1; P(1..4) otherwise.
    private static readonly double[] s_mentorSatisfactionIfSuccess = [0.15, 0.45, 0.40];
    private static readonly double[] s_mentorSatisfactionIfFailure = [0.20, 0.35, 0.30, 0.15];

    /// <summary>P(a drop-out pair is surveyed); every other accepted pair is.</summary>
    private const double DropoutSurveyed = 0.6;

    /// <summary>P(mentor_satisfaction is null) and P(mentee_satisfaction is null) when a failing pair is surveyed.</summary>
    private const double MentorSatisfactionMissing = 0.1;
    private const double FailingMenteeSatisfactionMissing = 0.05;

    /// <summary>P(mentee_dropped) among drop-outs; the rest are mentor_dropped.</summary>
    private const double MenteeDropsShare = 0.6;

    /// <summary>What was drawn, for the pair row and the truth.</summary>
    public readonly record struct Result(bool Success, bool Accepted, bool DroppedOut, DateTime EndedAt, EndReason EndReason, double PDropout);

    public static Result Run(
        Random rng, string pairId, DateTime matchedAt, int horizonDays, double pSuccess, double dropoutRate, List<Session> sessions, List<Outcome> outcomes, (int Min, int Max) meetingGapDays)
    {
        bool success = rng.Chance(pSuccess);
        if (!success && rng.Chance(EngagementDistributions.DeclineShareOfFailures))
        {
            // Declined: turned down within days, never met, not surveyed; the mentee is offered someone else.
            return new Result(false, false, false, At(matchedAt, rng.SecondsBetween(2 * Day, 10 * Day)), EndReason.Rematched, 0.0);
        }

        long horizon = horizonDays * Day;
        int k = Draw(rng, EngagementDistributions.EarlySessions(success));
        long[] early = DistinctSortedSeconds(rng, k, 1, horizon);
        Span<int?> menteeRatings = stackalloc int?[k];
        Span<int?> mentorRatings = stackalloc int?[k];
        for (int i = 0; i < k; i++)
        {
            menteeRatings[i] = Rating(rng, EngagementDistributions.MenteeRating(success));
            mentorRatings[i] = rng.Chance(EngagementDistributions.MentorRatingMissing) ? null : Rating(rng, EngagementDistributions.MentorRating(success));
            sessions.Add(new Session(pairId, At(matchedAt, early[i]), Duration(rng), menteeRatings[i], mentorRatings[i]));
        }

        double pDropout = GroundTruth.DropoutProbability(pSuccess, dropoutRate, k, menteeRatings, mentorRatings);
        bool droppedOut = !success && rng.Chance(dropoutRate);
        long end;
        EndReason reason;
        if (success)
        {
            end = rng.SecondsBetween(170 * Day, 190 * Day);
            reason = EndReason.Completed;
            KeepMeeting(rng, pairId, matchedAt, success, horizon, end, k, sessions, meetingGapDays);
        }
        else if (droppedOut)
        {
            end = rng.SecondsBetween((horizonDays + 5) * Day, 120 * Day);
            reason = rng.Chance(MenteeDropsShare) ? EndReason.MenteeDropped : EndReason.MentorDropped;
            int more = rng.Between(0, Math.Min(2, 3 - k));
            AddBetween(rng, pairId, matchedAt, success, more, horizon + 1, Math.Min(end, LastCountedSecond), sessions);
        }
        else
        {
            end = rng.SecondsBetween(175 * Day, 185 * Day);
            reason = EndReason.ProgrammeEnded;
            int more = rng.Between(0, Math.Min(1, 3 - k));
            AddBetween(rng, pairId, matchedAt, success, more, horizon + 1, LastCountedSecond, sessions);
            for (long t = FirstUncountedSecond + rng.SecondsBetween(10 * Day, 40 * Day); t <= end; t += rng.SecondsBetween(20 * Day, 45 * Day))
            {
                sessions.Add(LateSession(rng, pairId, matchedAt, t, success));
            }
        }

        DateTime endedAt = At(matchedAt, end);
        if (success || !droppedOut || rng.Chance(DropoutSurveyed))
        {
            outcomes.Add(Survey(rng, pairId, endedAt, success));
        }

        return new Result(success, true, droppedOut, endedAt, reason, pDropout);
    }

    /// <summary>
    /// A succeeding pair meets every 5–10 days (by default) until the end. While fewer than four sessions fall within day 89,
    /// the gap shrinks so that the remaining ones still fit: the label's "≥ 4 sessions within 90 days" always holds.
    /// </summary>
    private static void KeepMeeting(Random rng, string pairId, DateTime matchedAt, bool success, long horizon, long end, int early, List<Session> sessions, (int Min, int Max) gapDays)
    {
        int counted = early;
        long t = horizon;
        while (true)
        {
            long gap = rng.SecondsBetween(gapDays.Min * Day, gapDays.Max * Day);
            int needed = 4 - counted;
            if (needed > 0)
            {
                gap = Math.Max(1, Math.Min(gap, (LastCountedSecond - t) / needed));
            }

            t += gap;
            if (t > end)
            {
                return;
            }

            sessions.Add(LateSession(rng, pairId, matchedAt, t, success));
            if (t <= LastCountedSecond)
            {
                counted++;
            }
        }
    }

    private static void AddBetween(Random rng, string pairId, DateTime matchedAt, bool success, int count, long from, long to, List<Session> sessions)
    {
        if (to < from)
        {
            return;
        }

        foreach (long t in DistinctSortedSeconds(rng, count, from, to))
        {
            sessions.Add(LateSession(rng, pairId, matchedAt, t, success));
        }
    }

    private static Session LateSession(Random rng, string pairId, DateTime matchedAt, long t, bool success)
    {
        int? mentee = rng.Chance(EngagementDistributions.LateMenteeRatingMissing) ? null : Rating(rng, EngagementDistributions.MenteeRating(success));
        int? mentor = rng.Chance(EngagementDistributions.MentorRatingMissing) ? null : Rating(rng, EngagementDistributions.MentorRating(success));
        return new Session(pairId, At(matchedAt, t), Duration(rng), mentee, mentor);
    }

    private static Outcome Survey(Random rng, string pairId, DateTime endedAt, bool success)
    {
        DateTime surveyedAt = endedAt + TimeSpan.FromSeconds(rng.SecondsBetween(3 * Day, 14 * Day));
        int? mentee = success
            ? 4 + rng.PickIndex(s_satisfactionIfSuccess)
            : rng.Chance(FailingMenteeSatisfactionMissing) ? null : 1 + rng.PickIndex(s_satisfactionIfFailure);
        int? mentor = rng.Chance(MentorSatisfactionMissing)
            ? null
            : success ? 3 + rng.PickIndex(s_mentorSatisfactionIfSuccess) : 1 + rng.PickIndex(s_mentorSatisfactionIfFailure);
        int set = rng.Between(1, 6);
        int achieved = rng.Binomial(set, success ? 0.7 : 0.25);
        return new Outcome(pairId, surveyedAt, mentee, mentor, set, achieved);
    }

    /// <summary><paramref name="count"/> distinct whole seconds in [from, to], sorted.</summary>
    private static long[] DistinctSortedSeconds(Random rng, int count, long from, long to)
    {
        count = (int)Math.Min(count, to - from + 1);
        var picked = new long[count];
        for (int i = 0; i < count; i++)
        {
            long s;
            do
            {
                s = rng.SecondsBetween(from, to);
            }
            while (picked.AsSpan(0, i).Contains(s));

            picked[i] = s;
        }

        Array.Sort(picked);
        return picked;
    }

    private static int Rating(Random rng, IReadOnlyList<double> pmf) => 1 + Draw(rng, pmf);

    private static int Draw(Random rng, IReadOnlyList<double> pmf)
    {
        Span<double> weights = stackalloc double[pmf.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = pmf[i];
        }

        return rng.PickIndex(weights);
    }

    /// <summary>30 to 90 minutes in steps of 5.</summary>
    private static double Duration(Random rng) => 30 + (5 * rng.Between(0, 12));

    private static DateTime At(DateTime matchedAt, long seconds) => matchedAt + TimeSpan.FromSeconds(seconds);
}

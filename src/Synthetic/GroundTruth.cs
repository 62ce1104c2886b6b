namespace MatchModels.Synthetic;

/// <summary>
/// The true probabilities of the generative model, as pure functions of what is observable at each cut-off.
/// docs/synthetic-data.md cites these functions; the generator draws outcomes from them and nothing else.
/// </summary>
internal static class GroundTruth
{
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>
    /// Effect of the level gap g = mentor level − mentee level: best at 2–4 levels above, a penalty when the
    /// mentor is not senior to the mentee, and a slow decline when the gap is very wide.
    /// </summary>
    public static double LevelGapEffect(int g) => g switch
    {
        <= 0 => -1.0 + (0.25 * g),
        1 => 0.0,
        <= 4 => 0.5,
        5 => 0.2,
        _ => 0.2 - (0.25 * (g - 5)),
    };

    /// <summary>
    /// z = β0 + βJ·J + βA·A + f(g) + βTZ·tz + βAv·(1 − exp(−minAvail/s)) + βRL·[same line]
    ///     + βNL·[no shared language] + βLoad·load + βSite·[same site].
    /// </summary>
    public static double SuccessLogit(in PairObservables x, SuccessCoefficients c) =>
        c.Intercept
        + (c.SkillJaccard * x.SkillJaccard)
        + (c.GoalsAffinity * x.GoalsAffinity)
        + LevelGapEffect(x.LevelGap)
        + (c.TimezoneGapPerHour * x.TimezoneGapH)
        + (c.Availability * (1.0 - Math.Exp(-x.MinAvailabilityH / c.AvailabilityScaleH)))
        + (x.SameReportingLine ? c.SameReportingLine : 0.0)
        + (x.SharedLanguage ? 0.0 : c.NoSharedLanguage)
        + (c.MentorLoadPerPair * x.MentorLoad)
        + (x.SameSite ? c.SameSite : 0.0);

    /// <summary>p_success = P(S = 1 | observables at matched_at) = sigmoid(z + extra), extra the extra columns' term (0 without them).</summary>
    public static double SuccessProbability(in PairObservables x, SuccessCoefficients c, double extra = 0) => Sigmoid(SuccessLogit(x, c) + extra);

    /// <summary>
    /// r = P(D = 1 | S = 0, accepted, profile) = sigmoid(γ0 + γAv·max(0, a − minAvail) + γTZ·tz + γG·max(0, |g| − g0) + extra),
    /// extra the extra columns' term (0 without them).
    /// </summary>
    public static double DropoutRate(in PairObservables x, DropoutCoefficients c, double extra = 0) => Sigmoid(
        c.Intercept
        + extra
        + (c.LowAvailabilityPerHour * Math.Max(0, c.LowAvailabilityBelowH - x.MinAvailabilityH))
        + (c.TimezoneGapPerHour * x.TimezoneGapH)
        + (c.LevelGapPerLevel * Math.Max(0, Math.Abs(x.LevelGap) - c.LevelGapFreeUpTo)));

    /// <summary>
    /// p_dropout at matched_at + H days for an accepted pair, by Bayes' rule over the latent S:
    /// P(S=0 | obs) = (1−q)·(1−δ)·L0 / ((1−q)·(1−δ)·L0 + q·L1), with q = p_success, δ the decline share of
    /// failures (acceptance is observed) and L_s = P_s(K)·Π P_s(mentee rating)·Π P_s(mentor rating) over the
    /// K sessions of the first H days (null ratings carry no information). Then p_dropout = P(S=0 | obs)·r.
    /// A declined pair cannot drop out: its p_dropout is 0 and this function is not called for it.
    /// </summary>
    public static double DropoutProbability(double pSuccess, double dropoutRate, int earlySessions, ReadOnlySpan<int?> menteeRatings, ReadOnlySpan<int?> mentorRatings)
    {
        double l0 = Likelihood(false, earlySessions, menteeRatings, mentorRatings);
        double l1 = Likelihood(true, earlySessions, menteeRatings, mentorRatings);
        double failing = (1 - pSuccess) * (1 - EngagementDistributions.DeclineShareOfFailures) * l0;
        double succeeding = pSuccess * l1;
        double evidence = failing + succeeding;
        return evidence > 0 ? failing / evidence * dropoutRate : 0.0;
    }

    private static double Likelihood(bool success, int k, ReadOnlySpan<int?> menteeRatings, ReadOnlySpan<int?> mentorRatings)
    {
        IReadOnlyList<double> count = EngagementDistributions.EarlySessions(success);
        double l = k < count.Count ? count[k] : 0.0;
        IReadOnlyList<double> mentee = EngagementDistributions.MenteeRating(success);
        foreach (int? r in menteeRatings)
        {
            l *= r is { } v ? mentee[v - 1] : 1.0;
        }

        IReadOnlyList<double> mentor = EngagementDistributions.MentorRating(success);
        foreach (int? r in mentorRatings)
        {
            l *= r is { } v ? mentor[v - 1] : 1.0;
        }

        return l;
    }
}

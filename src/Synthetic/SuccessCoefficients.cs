namespace MatchModels.Synthetic;

/// <summary>
/// Coefficients of the pair-success logit z (<see cref="GroundTruth.SuccessLogit"/>); every value is documented
/// in docs/synthetic-data.md, which must change with it. Signed: a negative coefficient is a penalty.
/// </summary>
internal sealed record SuccessCoefficients(
    double Intercept,
    double SkillJaccard,
    double GoalsAffinity,
    double TimezoneGapPerHour,
    double Availability,
    double AvailabilityScaleH,
    double SameReportingLine,
    double NoSharedLanguage,
    double MentorLoadPerPair,
    double SameSite)
{
    /// <summary>The success model before any concept drift.</summary>
    public static SuccessCoefficients Baseline { get; } = new(
        Intercept: -1.9,
        SkillJaccard: 3.0,
        GoalsAffinity: 2.2,
        TimezoneGapPerHour: -0.15,
        Availability: 1.5,
        AvailabilityScaleH: 3.0,
        SameReportingLine: -1.5,
        NoSharedLanguage: -2.5,
        MentorLoadPerPair: -0.25,
        SameSite: 0.6);

    /// <summary>
    /// Concept drift: a remote-first policy makes distance matter less. The timezone-gap penalty is halved
    /// and the same-site bonus disappears; everything else is unchanged.
    /// </summary>
    public static SuccessCoefficients RemoteFirst { get; } = Baseline with
    {
        TimezoneGapPerHour = Baseline.TimezoneGapPerHour / 2,
        SameSite = 0,
    };

    /// <summary>
    /// Strong concept drift: the programme is overhauled (pairs are formed for exposure, not likeness), so on top of the
    /// remote-first change the skill overlap and the goals affinity no longer make a pair succeed.
    /// </summary>
    public static SuccessCoefficients Overhaul { get; } = RemoteFirst with
    {
        SkillJaccard = 0,
        GoalsAffinity = 0,
    };
}

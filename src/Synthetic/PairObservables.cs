namespace MatchModels.Synthetic;

/// <summary>
/// What the pair-success truth depends on, all computable from the tables as they stood at matched_at
/// (docs/synthetic-data.md, "Pair success"). Audit-only attributes (gender, age band) are deliberately absent.
/// </summary>
/// <param name="SkillJaccard">|mentee skills ∩ mentor skills| / |union|, on lower-cased skill sets.</param>
/// <param name="GoalsAffinity">|mentee goal topics ∩ mentor topics| / |mentee goal topics|; topics are read from the goals texts.</param>
/// <param name="LevelGap">mentor.job_level − mentee.job_level.</param>
/// <param name="TimezoneGapH">Hours between the two offsets on the 24-hour clock (<see cref="Sites.TimezoneGapH"/>).</param>
/// <param name="MinAvailabilityH">min(availability_h_per_month) of the two.</param>
/// <param name="SameReportingLine">One manages the other directly or up the chain, or both have the same direct manager.</param>
/// <param name="SharedLanguage">The two share at least one working language.</param>
/// <param name="MentorLoad">The mentor's other pairs with matched_at ≤ cut-off and ended_at null or after it, accepted or not.</param>
/// <param name="SameSite">Both work at the same site.</param>
internal readonly record struct PairObservables(
    double SkillJaccard,
    double GoalsAffinity,
    int LevelGap,
    double TimezoneGapH,
    double MinAvailabilityH,
    bool SameReportingLine,
    bool SharedLanguage,
    int MentorLoad,
    bool SameSite);

namespace MatchModels.Synthetic;

/// <summary>
/// What to generate. The defaults give a small bilingual programme (data/sample size): six cohorts
/// 21 weeks apart starting on Monday 2023-01-09, so that cohorts span more than two years and each
/// six-month programme overlaps the next one.
/// </summary>
/// <param name="Mentees">Mentees in total, spread evenly over the cohorts (one pair each).</param>
/// <param name="Mentors">Mentors in the pool; they join at the first cohort that needs them and may serve several.</param>
/// <param name="Cohorts">Number of cohorts.</param>
/// <param name="Seed">The only source of randomness: same seed and options, same history.</param>
/// <param name="Drift">Which drift to inject and when; null means none.</param>
/// <param name="DropoutHorizonDays">
/// H: the drop-out cut-off is matched_at + H days. Early engagement (the sessions of the first H days)
/// is drawn so that the drop-out truth is exact at that instant. At most 60 so that a successful pair
/// always has room for four sessions before day 90.
/// </param>
public sealed record SyntheticOptions(
    int Mentees = 1500,
    int Mentors = 500,
    int Cohorts = 6,
    int Seed = 7,
    DriftSpec? Drift = null,
    int DropoutHorizonDays = 30)
{
    /// <summary>The largest <see cref="DropoutHorizonDays"/>: the label window is 90 days and a pair needs room to meet.</summary>
    public const int MaxDropoutHorizonDays = 60;

    /// <summary>Start date of the first cohort (a Monday).</summary>
    public DateOnly FirstCohortStart { get; init; } = new(2023, 1, 9);

    /// <summary>Days between cohort starts: 21 weeks (~4.8 months) keeps every start on a Monday and overlaps ~6-month programmes.</summary>
    public int CohortSpacingDays { get; init; } = 147;

    /// <summary>
    /// Days between two sessions of a succeeding pair after the early window, drawn uniformly in [Min, Max].
    /// The truth does not depend on it; the benchmarks shorten it to reach a million sessions.
    /// </summary>
    public (int Min, int Max) SuccessfulMeetingGapDays { get; init; } = (5, 10);

    /// <summary>
    /// The words of goals texts and skills. Another bank with the same topic ids changes only the goals_text and
    /// skills columns: the same seed gives the same other columns and the same truth.
    /// </summary>
    public PhraseBank Phrases { get; init; } = PhraseBank.BuiltIn;

    /// <summary>
    /// Adds the extra HR columns of <see cref="Synthetic.ExtraColumns"/> to participants, with their documented effect on
    /// both truths. Drawn from a stream of their own: without them the history is the same as ever.
    /// </summary>
    public bool ExtraColumns { get; init; }

    /// <summary>The programme_id of every row.</summary>
    public string ProgrammeId { get; init; } = "mentoring";

    /// <summary>The drift actually applied: <see cref="Drift"/> or none.</summary>
    public DriftSpec EffectiveDrift => Drift ?? DriftSpec.None;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first knob outside its range.</summary>
    public void Validate()
    {
        Require(Mentees >= 1, nameof(Mentees), Mentees, "at least 1");
        Require(Mentors >= 1, nameof(Mentors), Mentors, "at least 1");
        Require(Cohorts is >= 1 and <= 200, nameof(Cohorts), Cohorts, "between 1 and 200");
        Require(DropoutHorizonDays is >= 1 and <= MaxDropoutHorizonDays, nameof(DropoutHorizonDays), DropoutHorizonDays, $"between 1 and {MaxDropoutHorizonDays}");
        Require(CohortSpacingDays is >= 28 and <= 730, nameof(CohortSpacingDays), CohortSpacingDays, "between 28 and 730");
        Require(SuccessfulMeetingGapDays.Min is >= 1 and <= 30 && SuccessfulMeetingGapDays.Max >= SuccessfulMeetingGapDays.Min && SuccessfulMeetingGapDays.Max <= 60, nameof(SuccessfulMeetingGapDays), SuccessfulMeetingGapDays.Min, "a range within 1..60 days");
        if (string.IsNullOrWhiteSpace(ProgrammeId))
        {
            throw new ArgumentException("ProgrammeId must not be empty", nameof(ProgrammeId));
        }
    }

    private static void Require(bool ok, string name, int value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}, got {value}");
        }
    }
}

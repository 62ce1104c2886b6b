namespace MatchModels.Training.Pipelines;

/// <summary>Which branch of the label rule gave a pair its known label; run records count pairs by reason.</summary>
public enum LabelReason
{
    /// <summary>Pair-success: the match was declined, a failed match.</summary>
    Declined,

    /// <summary>
    /// A pair that ended as completed has no session rows at all. Pair-success counts it as not succeeded and drop-out
    /// as a silence before the end; both are more often a sessions export that left pairs out than a real programme.
    /// </summary>
    CompletedWithoutSessions,

    /// <summary>
    /// Pair-success: accepted, the window closed or the pair ended (other than completed), and not a single session row.
    /// A few are real; many suggest a sessions export that left pairs out.
    /// </summary>
    NoSessions,

    /// <summary>Pair-success: some sessions, fewer than min_sessions within within_days.</summary>
    TooFewSessions,

    /// <summary>Pair-success without a satisfaction threshold: at least min_sessions within within_days.</summary>
    EnoughSessions,

    /// <summary>Pair-success: enough sessions and mentee_satisfaction at or above the threshold.</summary>
    Satisfied,

    /// <summary>Pair-success: enough sessions but mentee_satisfaction below the threshold.</summary>
    Unsatisfied,

    /// <summary>Drop-out: ended with end_reason mentee_dropped or mentor_dropped.</summary>
    Dropped,

    /// <summary>Drop-out: ended with end_reason rematched, which keeps the mentee in the programme.</summary>
    Rematched,

    /// <summary>Drop-out: another ending with no session in the no_session_days before it.</summary>
    QuietBeforeEnd,

    /// <summary>Drop-out: another ending with a session in the no_session_days before it.</summary>
    ActiveBeforeEnd,
}

public static class LabelReasonNames
{
    private static readonly YamlNames<LabelReason> s_names = new(
        (LabelReason.Declined, "declined"),
        (LabelReason.CompletedWithoutSessions, "completed_without_sessions"),
        (LabelReason.NoSessions, "no_sessions"),
        (LabelReason.TooFewSessions, "too_few_sessions"),
        (LabelReason.EnoughSessions, "enough_sessions"),
        (LabelReason.Satisfied, "satisfied"),
        (LabelReason.Unsatisfied, "unsatisfied"),
        (LabelReason.Dropped, "dropped"),
        (LabelReason.Rematched, "rematched"),
        (LabelReason.QuietBeforeEnd, "quiet_before_end"),
        (LabelReason.ActiveBeforeEnd, "active_before_end"));

    extension(LabelReason reason)
    {
        /// <summary>As run records spell it, e.g. completed_without_sessions.</summary>
        public string RecordName => s_names.Of(reason);

        /// <summary>
        /// Whether the reason points at a gap in the data rather than at the programme: when it makes a split one-class,
        /// the refusal names it instead of blaming the split.
        /// </summary>
        public bool SuggestsMissingData => reason is LabelReason.CompletedWithoutSessions or LabelReason.NoSessions;
    }
}

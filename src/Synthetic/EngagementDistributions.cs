namespace MatchModels.Synthetic;

/// <summary>
/// The distributions of what happens in a pair that depend on its latent success S, and the constants the
/// drop-out truth depends on. <see cref="GroundTruth.DropoutProbability"/> uses exactly these numbers, so
/// changing one here changes both the draws and the truth.
/// </summary>
internal static class EngagementDistributions
{
    /// <summary>P(declined | S = 0): a failing match is turned down before it starts.</summary>
    public const double DeclineShareOfFailures = 0.25;

    /// <summary>P(mentor_rating is null) for any session, whatever S.</summary>
    public const double MentorRatingMissing = 0.2;

    /// <summary>P(mentee_rating is null) for sessions after the drop-out horizon (early sessions always carry one).</summary>
    public const double LateMenteeRatingMissing = 0.1;

    /// <summary>P(K = k) for k = 0..4: sessions in the first H days of an accepted pair that succeeds.</summary>
    public static IReadOnlyList<double> EarlySessionsIfSuccess { get; } = [0.05, 0.15, 0.35, 0.30, 0.15];

    /// <summary>P(K = k) for k = 0..4 for an accepted pair that does not succeed: never four early sessions.</summary>
    public static IReadOnlyList<double> EarlySessionsIfFailure { get; } = [0.35, 0.35, 0.20, 0.10, 0.0];

    /// <summary>P(mentee_rating = 1..5) of a session of a succeeding pair.</summary>
    public static IReadOnlyList<double> MenteeRatingIfSuccess { get; } = [0.02, 0.05, 0.18, 0.40, 0.35];

    public static IReadOnlyList<double> MenteeRatingIfFailure { get; } = [0.10, 0.20, 0.35, 0.25, 0.10];

    /// <summary>P(mentor_rating = 1..5) when it is given.</summary>
    public static IReadOnlyList<double> MentorRatingIfSuccess { get; } = [0.02, 0.06, 0.22, 0.40, 0.30];

    public static IReadOnlyList<double> MentorRatingIfFailure { get; } = [0.08, 0.17, 0.35, 0.28, 0.12];

    public static IReadOnlyList<double> EarlySessions(bool success) => success ? EarlySessionsIfSuccess : EarlySessionsIfFailure;

    public static IReadOnlyList<double> MenteeRating(bool success) => success ? MenteeRatingIfSuccess : MenteeRatingIfFailure;

    public static IReadOnlyList<double> MentorRating(bool success) => success ? MentorRatingIfSuccess : MentorRatingIfFailure;
}

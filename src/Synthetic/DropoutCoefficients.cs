namespace MatchModels.Synthetic;

/// <summary>
/// Coefficients of the drop-out rate r of an accepted pair that is not succeeding
/// (<see cref="GroundTruth.DropoutRate"/>), documented in docs/synthetic-data.md. Drift leaves them unchanged.
/// </summary>
internal sealed record DropoutCoefficients(
    double Intercept,
    double LowAvailabilityPerHour,
    double LowAvailabilityBelowH,
    double TimezoneGapPerHour,
    double LevelGapPerLevel,
    double LevelGapFreeUpTo)
{
    public static DropoutCoefficients Baseline { get; } = new(
        Intercept: -1.2,
        LowAvailabilityPerHour: 0.35,
        LowAvailabilityBelowH: 4,
        TimezoneGapPerHour: 0.10,
        LevelGapPerLevel: 0.25,
        LevelGapFreeUpTo: 3);
}

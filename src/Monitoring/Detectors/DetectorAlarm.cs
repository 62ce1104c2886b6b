namespace MatchModels.Monitoring.Detectors;

/// <summary>
/// A change a detector signalled: <see cref="DetectedAt"/> is the 0-based position in the stream of the value that raised
/// the alarm, <see cref="ChangeAt"/> the detector's estimate of the first value after the change (≤ DetectedAt), so
/// DetectedAt − ChangeAt is the detection delay as the detector sees it.
/// </summary>
public sealed record DetectorAlarm(long DetectedAt, long ChangeAt);

namespace MatchModels.Monitoring.Detectors;

/// <summary>
/// ADWIN over the signed residual y − p of labelled predictions, in time order: a calibrated model's residuals have mean 0,
/// so a change in their mean is a change in calibration in either direction (outcomes better or worse than predicted),
/// which the squared-error stream sees only as its square.
/// </summary>
/// <remarks>
/// ADWIN's bound assumes values in [0, 1], so each residual r ∈ [−1, 1] enters as (r + 1)/2; a cut at a gap of ε there is a
/// change of 2ε in the mean residual. Not Page–Hinkley: its λ is in the stream's own summed unit, and a residual's variance
/// is the Brier score, as large as a 0/1 loss's, on which λ = 50 false-alarms (docs/monitoring.md); ADWIN's bound scales
/// with the variance.
/// </remarks>
public static class CalibrationDrift
{
    /// <summary>The residual y − p of one labelled prediction, mapped from [−1, 1] to [0, 1] as (y − p + 1)/2.</summary>
    public static double MappedResidual(double probability, bool label) => ((label ? 1.0 : 0.0) - probability + 1.0) / 2.0;

    /// <summary>ADWIN's alarms over the mapped residuals of <paramref name="probabilities"/> and <paramref name="labels"/>, in order.</summary>
    public static IReadOnlyList<DetectorAlarm> Run(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, double delta = Adwin.DefaultDelta)
    {
        if (probabilities.Length != labels.Length)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities but {labels.Length} labels.", nameof(labels));
        }

        double[] residuals = new double[probabilities.Length];
        for (int i = 0; i < residuals.Length; i++)
        {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), p, $"probability {i} is not in [0, 1].");
            }

            residuals[i] = MappedResidual(p, labels[i]);
        }

        return Adwin.Run(residuals, delta);
    }
}

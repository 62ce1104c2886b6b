namespace MatchModels.Training.Evaluation;

/// <summary>A point estimate and its 95% bootstrap interval [<paramref name="Low"/>, <paramref name="High"/>].</summary>
/// <param name="Estimate">The metric on the test rows as they are.</param>
/// <param name="Low">2.5th percentile of the metric over the resamples.</param>
/// <param name="High">97.5th percentile of the metric over the resamples.</param>
public sealed record Interval(double Estimate, double Low, double High)
{
    /// <summary>"0.712 [0.661, 0.760]", or the estimate alone when the interval is not defined.</summary>
    public override string ToString() => ToString("0.###");

    public string ToString(string format)
    {
        string e = Estimate.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return double.IsNaN(Low) || double.IsNaN(High)
            ? e
            : $"{e} [{Low.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}, {High.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}]";
    }
}

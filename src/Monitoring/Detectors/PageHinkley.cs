namespace MatchModels.Monitoring.Detectors;

/// <summary>
/// The Page–Hinkley test's parameters. δ = 0.005, λ = 50 and the 30-value warm-up are MOA's <c>PageHinkleyDM</c> defaults
/// (also River's and CapyMOA's). α defaults to 1, the textbook test without forgetting (Page, 1954; Gama et al., 2014),
/// not MOA's 1 − 0.0001: MOA compares the forgetting sum itself with λ, while this test compares it with its running
/// minimum, and a forgetting sum reverts towards −δ/(1 − α) = −50 after the minimum has recorded its lowest dip, so
/// stationary noise alone crosses λ (<c>PageHinkleyTests</c> measures both).
/// </summary>
/// <param name="Delta">δ, the change in mean tolerated without alarm: each value adds x − x̄ − δ to the cumulative sum.</param>
/// <param name="Lambda">λ, the alarm threshold on PH = m_t − min m, in the stream's unit summed over values.</param>
/// <param name="Alpha">α in (0, 1], the forgetting factor of the cumulative sum; 1 forgets nothing.</param>
/// <param name="MinInstances">No alarm before this many values since the start or the last alarm.</param>
public sealed record PageHinkleyOptions(double Delta = 0.005, double Lambda = 50, double Alpha = 1, int MinInstances = 30)
{
    public static PageHinkleyOptions Default { get; } = new();
}

/// <summary>
/// The Page–Hinkley test for an increase in the mean of a stream (Page, 1954, "Continuous inspection schemes",
/// Biometrika 41; Hinkley, 1971; in the form of Gama et al., 2014, "A survey on concept drift adaptation", §3.2):
/// with x̄_t the running mean, m_t = α·m_(t−1) + (x_t − x̄_t − δ), M_t = min_(s≤t) m_s, alarm when PH_t = m_t − M_t > λ.
/// Over a loss stream an increase is the model getting worse. After an alarm the test restarts from the next value.
/// </summary>
/// <remarks>
/// The change position reported is the value after the one where m last reached its minimum: from there on the sum only
/// grew, the maximum-likelihood change point of a CUSUM (Page, 1954). λ is in the loss's own unit summed over values, so
/// its false-alarm rate depends on the loss's variance: see docs/monitoring.md for the rates measured with the defaults.
/// </remarks>
public sealed class PageHinkley
{
    private readonly PageHinkleyOptions _options;
    private long _seen;
    private long _count;
    private double _mean;
    private double _sum;
    private double _minimum;
    private long _minimumAt;

    public PageHinkley(PageHinkleyOptions? options = null)
    {
        _options = options ?? PageHinkleyOptions.Default;
        if (_options.Lambda <= 0 || _options.Delta < 0 || _options.Alpha is <= 0 or > 1 || _options.MinInstances < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options, "Page-Hinkley needs λ > 0, δ ≥ 0, α in (0, 1] and at least 1 instance.");
        }

        Restart(-1);
    }

    /// <summary>PH_t = m_t − M_t after the last value.</summary>
    public double Statistic => _sum - _minimum;

    /// <summary>Runs a fresh detector over <paramref name="stream"/> and returns every alarm, in order.</summary>
    public static IReadOnlyList<DetectorAlarm> Run(ReadOnlySpan<double> stream, PageHinkleyOptions? options = null)
    {
        var detector = new PageHinkley(options);
        var alarms = new List<DetectorAlarm>();
        foreach (double x in stream)
        {
            if (detector.Add(x) is DetectorAlarm alarm)
            {
                alarms.Add(alarm);
            }
        }

        return alarms;
    }

    /// <summary>Adds the next value; returns the alarm it raised, otherwise null.</summary>
    public DetectorAlarm? Add(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "stream values must be finite.");
        }

        long position = _seen++;
        _count++;
        _mean += (x - _mean) / _count;
        _sum = (_options.Alpha * _sum) + (x - _mean - _options.Delta);
        if (_sum < _minimum)
        {
            _minimum = _sum;
            _minimumAt = position;
        }

        if (_count < _options.MinInstances || _sum - _minimum <= _options.Lambda)
        {
            return null;
        }

        var alarm = new DetectorAlarm(position, _minimumAt + 1);
        Restart(position);
        return alarm;
    }

    private void Restart(long position)
    {
        _count = 0;
        _mean = 0;
        _sum = 0;
        _minimum = 0;
        _minimumAt = position;
    }
}

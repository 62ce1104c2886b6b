namespace MatchModels.Monitoring.Detectors;

/// <summary>
/// ADWIN, the adaptive windowing change detector of Bifet &amp; Gavaldà (2007, "Learning from time-changing data with
/// adaptive windowing", SIAM SDM): it keeps the longest recent window W whose every split into an older part W₀ and a
/// newer part W₁ has means closer than ε_cut, and drops the older part when a split's means differ by more.
/// </summary>
/// <remarks>
/// ε_cut is the paper's variance-based bound (§3, the form it recommends in practice):
/// ε_cut = √((2/m)·σ²_W·ln(2/δ′)) + (2/(3m))·ln(2/δ′), with m = 1/(1/|W₀| + 1/|W₁|) and δ′ = δ/|W|, so a stationary
/// stream raises a false alarm with probability at most δ at each step (Theorem 3.1). The window is stored as the paper's
/// ADWIN2 exponential histogram: at most <see cref="MaxBucketsPerSize"/> buckets of each size 2ⁱ, each holding its count,
/// sum and sum of squared deviations, so memory and the work per value grow with log |W|; splits are tried at bucket
/// boundaries, oldest first. A split is only tried when both parts hold at least <see cref="MinSubwindow"/> values (MOA's
/// minimum), and every value is checked (MOA checks every 32). The change position reported is the first value of the
/// window kept after the drop. Values should be bounded (a 0/1 or squared-error loss); the bound assumes values in [0, 1].
/// </remarks>
public sealed class Adwin
{
    /// <summary>δ = 0.002, the confidence the issue asks for and MOA's and River's default.</summary>
    public const double DefaultDelta = 0.002;

    /// <summary>M = 5 buckets of each size, MOA's default (the paper's experiments use M = 5 as well).</summary>
    public const int MaxBucketsPerSize = 5;

    /// <summary>Neither part of a split may hold fewer than 5 values: MOA's <c>mintMinWinLength</c>.</summary>
    public const int MinSubwindow = 5;

    // rows[i] holds the buckets of 2^i values, oldest first; the oldest values of all are in the last row.
    private readonly List<List<Bucket>> _rows = [[]];
    private long _seen;

    public Adwin(double delta = DefaultDelta)
    {
        if (delta is <= 0 or >= 1 || double.IsNaN(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie in (0, 1).");
        }

        Delta = delta;
    }

    public double Delta { get; }

    /// <summary>The number of values in the current window.</summary>
    public long Width { get; private set; }

    /// <summary>The mean of the current window (NaN when empty).</summary>
    public double Mean => Width == 0 ? double.NaN : Total / Width;

    private double Total { get; set; }

    /// <summary>Σ (x − mean)² over the window.</summary>
    private double Deviations { get; set; }

    /// <summary>
    /// Runs a fresh detector over <paramref name="stream"/> and returns its alarms, in order. ADWIN often cuts a change away
    /// over several consecutive values; a cut whose kept window still starts at or before the previous alarm's detection
    /// is the same change, so it refines that alarm's change position instead of raising another.
    /// </summary>
    public static IReadOnlyList<DetectorAlarm> Run(ReadOnlySpan<double> stream, double delta = DefaultDelta)
    {
        var adwin = new Adwin(delta);
        var alarms = new List<DetectorAlarm>();
        foreach (double x in stream)
        {
            if (adwin.Add(x) is not DetectorAlarm alarm)
            {
                continue;
            }

            if (alarms.Count > 0 && alarm.ChangeAt <= alarms[^1].DetectedAt)
            {
                alarms[^1] = alarms[^1] with { ChangeAt = alarm.ChangeAt };
            }
            else
            {
                alarms.Add(alarm);
            }
        }

        return alarms;
    }

    /// <summary>Adds the next value; returns an alarm when the window shrank because of it (one per cut, see <see cref="Run"/>), otherwise null.</summary>
    public DetectorAlarm? Add(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "stream values must be finite.");
        }

        long position = _seen++;
        Insert(new Bucket(1, x, 0));
        bool changed = false;
        while (TryCut())
        {
            changed = true;
        }

        return changed ? new DetectorAlarm(position, position - Width + 1) : null;
    }

    private void Insert(Bucket bucket)
    {
        if (Width > 0)
        {
            double mean = Total / Width;
            Deviations += (double)Width * bucket.Count / (Width + bucket.Count) * Square(bucket.Mean - mean);
        }

        Width += bucket.Count;
        Total += bucket.Sum;
        _rows[0].Add(bucket);
        for (int i = 0; _rows[i].Count > MaxBucketsPerSize; i++)
        {
            // Merge the two oldest buckets of this size into one of twice the size, newer than every bucket already there.
            Bucket merged = Bucket.Merge(_rows[i][0], _rows[i][1]);
            _rows[i].RemoveRange(0, 2);
            if (i + 1 == _rows.Count)
            {
                _rows.Add([]);
            }

            _rows[i + 1].Add(merged);
        }
    }

    /// <summary>Tries every split, oldest first; on the first whose means differ by more than ε_cut, drops the oldest bucket.</summary>
    private bool TryCut()
    {
        if (Width < 2 * MinSubwindow)
        {
            return false;
        }

        double variance = Deviations / Width;
        double logTerm = Math.Log(2.0 * Width / Delta);
        long n0 = 0;
        double sum0 = 0;
        for (int i = _rows.Count - 1; i >= 0; i--)
        {
            foreach (Bucket b in _rows[i])
            {
                n0 += b.Count;
                sum0 += b.Sum;
                long n1 = Width - n0;
                if (n1 < MinSubwindow)
                {
                    return false;
                }

                if (n0 < MinSubwindow)
                {
                    continue;
                }

                double m = 1.0 / ((1.0 / n0) + (1.0 / n1));
                double epsilon = Math.Sqrt(2.0 / m * variance * logTerm) + (2.0 / (3.0 * m) * logTerm);
                if (Math.Abs((sum0 / n0) - ((Total - sum0) / n1)) > epsilon)
                {
                    DropOldest();
                    return true;
                }
            }
        }

        return false;
    }

    private void DropOldest()
    {
        List<Bucket> row = _rows[^1];
        Bucket oldest = row[0];
        row.RemoveAt(0);
        while (_rows.Count > 1 && _rows[^1].Count == 0)
        {
            _rows.RemoveAt(_rows.Count - 1);
        }

        long rest = Width - oldest.Count;
        double restMean = rest == 0 ? 0 : (Total - oldest.Sum) / rest;
        // The merge formula run backwards: V_W = V_rest + V_b + n_b·n_rest/|W|·(μ_b − μ_rest)².
        Deviations = rest == 0 ? 0 : Math.Max(0, Deviations - oldest.Deviations - ((double)oldest.Count * rest / Width * Square(oldest.Mean - restMean)));
        Width = rest;
        Total -= oldest.Sum;
    }

    private static double Square(double x) => x * x;

    private readonly record struct Bucket(long Count, double Sum, double Deviations)
    {
        public double Mean => Sum / Count;

        public static Bucket Merge(Bucket a, Bucket b) =>
            new(a.Count + b.Count, a.Sum + b.Sum, a.Deviations + b.Deviations + ((double)a.Count * b.Count / (a.Count + b.Count) * Square(a.Mean - b.Mean)));
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MatchModels.Serving.Observability;

/// <summary>
/// Counters, histograms and gauges rendered in Prometheus' text exposition format (version 0.0.4) at /metrics.
/// A singleton in the host: any feature registers its own metrics here (e.g. a gauge for the prediction log's queue
/// depth: <c>metrics.Gauge("matchmodels_prediction_log_queue_depth", "…", () => queue.Count)</c>).
/// </summary>
public sealed class MetricsRegistry
{
    private readonly ConcurrentDictionary<string, IMetric> _metrics = new(StringComparer.Ordinal);

    public Counter Counter(string name, string help, params string[] labels) => (Counter)_metrics.GetOrAdd(name, _ => new Counter(name, help, labels));

    public Histogram Histogram(string name, string help, double[] buckets, params string[] labels) =>
        (Histogram)_metrics.GetOrAdd(name, _ => new Histogram(name, help, buckets, labels));

    /// <summary>A gauge read when /metrics is scraped.</summary>
    public void Gauge(string name, string help, Func<double> read) => _metrics[name] = new Gauge(name, help, read);

    /// <summary>A gauge with labels whose series are read when /metrics is scraped: one (label values, value) per series.</summary>
    public void Gauges(string name, string help, string[] labels, Func<IEnumerable<(string[] Values, double Value)>> read) =>
        _metrics[name] = new LabelledGauge(name, help, labels, read);

    public string Render()
    {
        var text = new StringBuilder();
        foreach (IMetric m in _metrics.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            m.Render(text);
        }

        return text.ToString();
    }

    /// <summary>The dictionary key of one label set.</summary>
    internal static string SeriesKey(string[] labelValues) => labelValues.Length == 1 ? labelValues[0] : string.Join('\u001f', labelValues);

    /// <summary>Adds to a shared double without a lock.</summary>
    internal static void AddTo(ref double target, double amount)
    {
        double seen = Volatile.Read(ref target);
        while (true)
        {
            double found = Interlocked.CompareExchange(ref target, seen + amount, seen);
            if (found.Equals(seen))
            {
                return;
            }

            seen = found;
        }
    }

    internal static string Format(double v) => double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    internal static string Labels(string[] names, string[] values, string? extraName = null, string? extraValue = null)
    {
        if (names.Length == 0 && extraName is null)
        {
            return "";
        }

        var s = new StringBuilder("{");
        for (int i = 0; i < names.Length; i++)
        {
            s.Append(i > 0 ? "," : "").Append(names[i]).Append("=\"").Append(Escape(values[i])).Append('"');
        }

        if (extraName is not null)
        {
            s.Append(names.Length > 0 ? "," : "").Append(extraName).Append("=\"").Append(extraValue).Append('"');
        }

        return s.Append('}').ToString();
    }

    private static string Escape(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

internal interface IMetric
{
    string Name { get; }

    void Render(StringBuilder text);
}

/// <summary>A monotonically increasing count per label set. Lock-free: requests on every core add to it at once.</summary>
public sealed class Counter : IMetric
{
    private readonly string _help;
    private readonly string[] _labels;
    private readonly ConcurrentDictionary<string, (string[] Values, double[] Cell)> _cells = new(StringComparer.Ordinal);

    internal Counter(string name, string help, string[] labels) => (Name, _help, _labels) = (name, help, labels);

    public string Name { get; }

    public void Inc(params string[] labelValues) => Add(1, labelValues);

    public void Add(double amount, params string[] labelValues)
    {
        double[] cell = _cells.GetOrAdd(MetricsRegistry.SeriesKey(labelValues), _ => (labelValues, new double[1])).Cell;
        MetricsRegistry.AddTo(ref cell[0], amount);
    }

    void IMetric.Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n').Append("# TYPE ").Append(Name).Append(" counter\n");
        foreach ((string[] values, double[] cell) in _cells.Values)
        {
            text.Append(Name).Append(MetricsRegistry.Labels(_labels, values)).Append(' ').Append(MetricsRegistry.Format(Volatile.Read(ref cell[0]))).Append('\n');
        }
    }
}

/// <summary>
/// Observations counted into buckets, with their sum and count, per label set. Each observation adds to one bucket
/// (the first bound it does not exceed) without a lock; /metrics sums the buckets into Prometheus' cumulative form.
/// A scrape that runs during observations may see a sum one observation ahead of the counts, as any lock-free exporter may.
/// </summary>
public sealed class Histogram : IMetric
{
    private readonly string _help;
    private readonly string[] _labels;
    private readonly double[] _buckets;
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    internal Histogram(string name, string help, double[] buckets, string[] labels) => (Name, _help, _buckets, _labels) = (name, help, buckets.Order().ToArray(), labels);

    public string Name { get; }

    public void Observe(double value, params string[] labelValues)
    {
        Series series = _series.GetOrAdd(MetricsRegistry.SeriesKey(labelValues), _ => new Series(labelValues, _buckets.Length));
        int bucket = Array.BinarySearch(_buckets, value);
        // Not found: the complement of the first larger bound, or of Length when larger than all (the +Inf bucket).
        Interlocked.Increment(ref series.Counts[bucket >= 0 ? bucket : ~bucket]);
        MetricsRegistry.AddTo(ref series.Sum, value);
    }

    void IMetric.Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n').Append("# TYPE ").Append(Name).Append(" histogram\n");
        foreach (Series s in _series.Values)
        {
            long cumulative = 0;
            for (int i = 0; i < _buckets.Length; i++)
            {
                cumulative += Volatile.Read(ref s.Counts[i]);
                text.Append(Name).Append("_bucket").Append(MetricsRegistry.Labels(_labels, s.Values, "le", MetricsRegistry.Format(_buckets[i]))).Append(' ').Append(cumulative).Append('\n');
            }

            cumulative += Volatile.Read(ref s.Counts[_buckets.Length]);
            text.Append(Name).Append("_bucket").Append(MetricsRegistry.Labels(_labels, s.Values, "le", "+Inf")).Append(' ').Append(cumulative).Append('\n');
            text.Append(Name).Append("_sum").Append(MetricsRegistry.Labels(_labels, s.Values)).Append(' ').Append(MetricsRegistry.Format(Volatile.Read(ref s.Sum))).Append('\n');
            text.Append(Name).Append("_count").Append(MetricsRegistry.Labels(_labels, s.Values)).Append(' ').Append(cumulative).Append('\n');
        }
    }

    private sealed class Series(string[] values, int bounds)
    {
        public readonly string[] Values = values;

        /// <summary>Observations per bucket, not cumulative; the last is above every bound.</summary>
        public readonly long[] Counts = new long[bounds + 1];

        public double Sum;
    }
}

internal sealed class Gauge(string name, string help, Func<double> read) : IMetric
{
    public string Name { get; } = name;

    public void Render(StringBuilder text) =>
        text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(Name).Append(" gauge\n")
            .Append(Name).Append(' ').Append(MetricsRegistry.Format(read())).Append('\n');
}

internal sealed class LabelledGauge(string name, string help, string[] labels, Func<IEnumerable<(string[] Values, double Value)>> read) : IMetric
{
    public string Name { get; } = name;

    public void Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(Name).Append(" gauge\n");
        foreach ((string[] values, double value) in read())
        {
            text.Append(Name).Append(MetricsRegistry.Labels(labels, values)).Append(' ').Append(MetricsRegistry.Format(value)).Append('\n');
        }
    }
}

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

    public string Render()
    {
        var text = new StringBuilder();
        foreach (IMetric m in _metrics.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            m.Render(text);
        }

        return text.ToString();
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

/// <summary>A monotonically increasing count per label set.</summary>
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
        double[] cell = _cells.GetOrAdd(string.Join('\u001f', labelValues), _ => (labelValues, new double[1])).Cell;
        lock (cell)
        {
            cell[0] += amount;
        }
    }

    void IMetric.Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n').Append("# TYPE ").Append(Name).Append(" counter\n");
        foreach ((string[] values, double[] cell) in _cells.Values)
        {
            lock (cell)
            {
                text.Append(Name).Append(MetricsRegistry.Labels(_labels, values)).Append(' ').Append(MetricsRegistry.Format(cell[0])).Append('\n');
            }
        }
    }
}

/// <summary>Observations counted into cumulative buckets, with their sum and count, per label set.</summary>
public sealed class Histogram : IMetric
{
    private readonly string _help;
    private readonly string[] _labels;
    private readonly double[] _buckets;
    private readonly ConcurrentDictionary<string, (string[] Values, double[] Cells)> _series = new(StringComparer.Ordinal);

    internal Histogram(string name, string help, double[] buckets, string[] labels) => (Name, _help, _buckets, _labels) = (name, help, buckets.Order().ToArray(), labels);

    public string Name { get; }

    public void Observe(double value, params string[] labelValues)
    {
        // Cells: one count per bucket, then +Inf, then the sum.
        double[] cells = _series.GetOrAdd(string.Join('\u001f', labelValues), _ => (labelValues, new double[_buckets.Length + 2])).Cells;
        lock (cells)
        {
            for (int i = 0; i < _buckets.Length; i++)
            {
                if (value <= _buckets[i])
                {
                    cells[i]++;
                }
            }

            cells[_buckets.Length]++;
            cells[_buckets.Length + 1] += value;
        }
    }

    void IMetric.Render(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n').Append("# TYPE ").Append(Name).Append(" histogram\n");
        foreach ((string[] values, double[] cells) in _series.Values)
        {
            lock (cells)
            {
                for (int i = 0; i < _buckets.Length; i++)
                {
                    text.Append(Name).Append("_bucket").Append(MetricsRegistry.Labels(_labels, values, "le", MetricsRegistry.Format(_buckets[i]))).Append(' ').Append(MetricsRegistry.Format(cells[i])).Append('\n');
                }

                text.Append(Name).Append("_bucket").Append(MetricsRegistry.Labels(_labels, values, "le", "+Inf")).Append(' ').Append(MetricsRegistry.Format(cells[_buckets.Length])).Append('\n');
                text.Append(Name).Append("_sum").Append(MetricsRegistry.Labels(_labels, values)).Append(' ').Append(MetricsRegistry.Format(cells[_buckets.Length + 1])).Append('\n');
                text.Append(Name).Append("_count").Append(MetricsRegistry.Labels(_labels, values)).Append(' ').Append(MetricsRegistry.Format(cells[_buckets.Length])).Append('\n');
            }
        }
    }
}

internal sealed class Gauge(string name, string help, Func<double> read) : IMetric
{
    public string Name { get; } = name;

    public void Render(StringBuilder text) =>
        text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(Name).Append(" gauge\n")
            .Append(Name).Append(' ').Append(MetricsRegistry.Format(read())).Append('\n');
}

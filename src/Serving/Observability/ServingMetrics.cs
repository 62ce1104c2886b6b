namespace MatchModels.Serving.Observability;

/// <summary>The scoring API's own metrics, registered in the shared <see cref="MetricsRegistry"/>.</summary>
public sealed class ServingMetrics
{
    /// <summary>Latency buckets in seconds: 0.5 ms to 2.5 s, dense below 10 ms where the single-pair target (p99 ≤ 10 ms) lies.</summary>
    private static readonly double[] s_latency = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private static readonly double[] s_sizes = [1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000];

    public ServingMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Requests = registry.Counter("matchmodels_http_requests_total", "HTTP requests by route, method, status, model and version.", "route", "method", "status", "model", "version");
        Latency = registry.Histogram("matchmodels_http_request_duration_seconds", "HTTP request latency by route, model and version.", s_latency, "route", "model", "version");
        Scoring = registry.Histogram("matchmodels_scoring_duration_seconds", "Time spent computing features and running the ONNX graph, by operation, model and version.", s_latency, "operation", "model", "version");
        BatchSize = registry.Histogram("matchmodels_batch_size", "Pairs (predict), candidates (rank) or rows (infer) per request.", s_sizes, "operation");
    }

    public Counter Requests { get; }

    public Histogram Latency { get; }

    public Histogram Scoring { get; }

    public Histogram BatchSize { get; }
}

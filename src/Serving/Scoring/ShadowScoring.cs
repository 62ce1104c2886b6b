using System.Collections.Concurrent;
using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Serving.Observability;
using MatchModels.Serving.PredictionLog;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// Shadow mode: when enabled, the challenger scores the champion's pairs after the response is on its way, and its rows
/// go to the prediction log beside the champion's (role "shadow", same request id, time, key id and pair ids, its own
/// version and feature vector). Nothing here can slow or fail the primary request: when
/// <see cref="ShadowOptions.MaxConcurrent"/> shadow scorings are already running a request is not shadowed rather than
/// queued, shadow rows that do not fit in the log queue are dropped and counted, and a failure is only logged.
/// On /metrics, by model, served version and shadow version (one series per champion/challenger pairing, so the
/// count grows only with promotions): shadowed pairs, |p(shadow) − p(served)| per pair, and shadow rows dropped; and by
/// model and reason, the requests not shadowed because too many shadow scorings were running ("busy") or because the
/// shadow scoring failed ("failed").
/// </summary>
public sealed class ShadowScoring : IHostedService
{
    /// <summary>|Δp| buckets: from 0.001 (retrains of one pipeline differ by about that) to 0.5 (the two models disagree outright).</summary>
    private static readonly double[] s_differences = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5];

    private readonly ServedModels _models;
    private readonly LogPredictions _log;
    private readonly ILogger<ShadowScoring> _logger;
    private readonly ShadowOptions _options;
    private readonly Counter _pairs;
    private readonly Histogram _difference;
    private readonly Counter _dropped;
    private readonly Counter _skipped;
    private readonly ConcurrentDictionary<Task, byte> _underWay = new();
    private int _running;
    private volatile bool _stopping;

    public ShadowScoring(ServedModels models, LogPredictions log, MetricsRegistry metrics, IOptions<ServingOptions> options, ILogger<ShadowScoring> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        _models = models;
        _log = log;
        _logger = logger;
        _options = options.Value.Shadow;
        string[] labels = ["model", "version", "shadow_version"];
        _pairs = metrics.Counter("matchmodels_shadow_pairs_total", "Pairs scored by both the served version and the shadow version.", labels);
        _difference = metrics.Histogram("matchmodels_shadow_probability_difference", "Absolute difference between the shadow and the served probability, per shadowed pair.", s_differences, labels);
        _dropped = metrics.Counter("matchmodels_shadow_dropped_total", "Shadow rows not written to the prediction log because its queue had no room for them.", labels);
        _skipped = metrics.Counter("matchmodels_shadow_skipped_total", "Champion requests left without a shadow result: busy (too many shadow scorings running) or failed.", "model", "reason");
    }

    public bool Enabled => _options.Enabled;

    /// <summary>
    /// Starts scoring the pairs of <paramref name="primary"/> (a champion request's batch, already logged) with the
    /// shadow alias; returns the task, or null when the request is not shadowed.
    /// </summary>
    public Task? Start(PredictionBatch primary, IReadOnlyList<PairSnapshot> pairs, string keyId)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (!_options.Enabled || _stopping || primary.Alias != ModelReference.Champion)
        {
            return null;
        }

        if (!_models.AliasesOf(primary.Model).TryGetValue(_options.Alias, out int challenger) || challenger == primary.Version)
        {
            return null;
        }

        if (Interlocked.Increment(ref _running) > _options.MaxConcurrent)
        {
            Interlocked.Decrement(ref _running);
            _skipped.Inc(primary.Model, "busy");
            _logger.LogDebug("Shadow scoring skipped for request {RequestId}: {Running} already running", primary.RequestId, _options.MaxConcurrent);
            return null;
        }

        Task task = Task.Run(() => Shadow(primary, challenger, pairs, keyId));
        _underWay.TryAdd(task, 0);
        _ = task.ContinueWith(t => _underWay.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops shadowing and waits for the scorings under way, so their rows are queued before the prediction log writes
    /// its last file: the host registers this service after the log, and hosted services stop in reverse order.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        try
        {
            await Task.WhenAll(_underWay.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Shutdown did not wait for {Count} shadow scorings: their rows may be missing from the prediction log", _underWay.Count);
        }
    }

    private void Shadow(PredictionBatch primary, int challenger, IReadOnlyList<PairSnapshot> pairs, string keyId)
    {
        try
        {
            using ModelLease lease = _models.Acquire(new ModelReference(primary.Model, challenger, null));
            PairScorer scorer = lease.Scorer;
            float[] features = scorer.Features(pairs);
            PredictionBatch shadow = primary with
            {
                Version = lease.Version,
                Alias = _options.Alias,
                FeatureNames = scorer.FeatureNames,
                Features = features,
                Probabilities = scorer.Onnx.Score(features, pairs.Count),
                Threshold = scorer.Manifest.Threshold,
            };

            string[] labels = [primary.Model, primary.Version.ToString(CultureInfo.InvariantCulture), shadow.Version.ToString(CultureInfo.InvariantCulture)];
            double largest = 0;
            for (int i = 0; i < shadow.Probabilities.Length; i++)
            {
                double difference = Math.Abs((double)shadow.Probabilities[i] - primary.Probabilities[i]);
                _difference.Observe(difference, labels);
                largest = Math.Max(largest, difference);
            }

            _pairs.Add(shadow.Probabilities.Length, labels);
            int dropped = _log.TryLogShadow(shadow, keyId, _options.LogQueueShare);
            if (dropped > 0)
            {
                _dropped.Add(dropped, labels);
            }

            // One line per request, without participant ids: the prediction log holds the rows, under its own retention.
            _logger.LogDebug(
                "Shadow {RequestId}: {Model} v{Version} vs {ShadowAlias} v{ShadowVersion} on {Pairs} pairs, largest |Δp| {Largest}, {Dropped} rows dropped from the log",
                primary.RequestId, primary.Model, primary.Version, _options.Alias, shadow.Version, pairs.Count, largest, dropped);
        }
        catch (Exception e)
        {
            // Any failure, not only the registry's and the scorer's: nobody awaits this task, so an exception let through
            // would vanish unobserved instead of reaching the log.
            _skipped.Inc(primary.Model, "failed");
            _logger.LogWarning(e, "Shadow scoring of request {RequestId} with {Model}@{Alias} failed", primary.RequestId, primary.Model, _options.Alias);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

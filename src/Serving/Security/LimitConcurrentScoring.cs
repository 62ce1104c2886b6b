using System.Globalization;
using MatchModels.Serving.Errors;
using MatchModels.Serving.Observability;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Security;

/// <summary>
/// At most <see cref="SecurityOptions.MaxConcurrentRequests"/> scoring requests (the routes marked with
/// <see cref="ConcurrencyLimitExtensions.LimitsConcurrency"/>) run at once; one more is answered 503 problem+json
/// with <c>Retry-After</c> at once, before its body is read. Past the limit a request would only wait in the thread
/// pool holding its body and its share of the CPU, slowing every request in flight; a quick 503 instead tells a
/// client or load balancer to go elsewhere or come back. A counter rather than a queue: nothing waits here.
/// </summary>
public sealed class LimitConcurrentScoring
{
    /// <summary>Scoring requests finish within milliseconds to a second, so a slot is usually free again by then.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly IOptions<SecurityOptions> _options;
    private readonly Counter _refused;
    private int _inFlight;

    public LimitConcurrentScoring(IOptions<SecurityOptions> options, MetricsRegistry metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _refused = metrics.Counter("matchmodels_concurrency_refused_total", "Scoring requests answered 503 because Serving:MaxConcurrentRequests were already running.");
        metrics.Gauge("matchmodels_scoring_requests_in_flight", "Scoring requests running now, against Serving:MaxConcurrentRequests.", () => Volatile.Read(ref _inFlight));
    }

    /// <summary>Scoring requests running now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Middleware: runs <paramref name="next"/> within the limit, or answers 503.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.GetEndpoint()?.Metadata.GetMetadata<ConcurrencyLimited>() is null)
        {
            await next(http);
            return;
        }

        // Counted with the limit off too, so the gauge shows what a limit would meet.
        int max = _options.Value.MaxConcurrentRequests;
        if (Interlocked.Increment(ref _inFlight) > max && max > 0)
        {
            Interlocked.Decrement(ref _inFlight);
            _refused.Inc();
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ProblemResponses.Write(http, StatusCodes.Status503ServiceUnavailable, "Server busy",
                $"{max} scoring requests are already running (Serving:MaxConcurrentRequests); retry after Retry-After seconds.");
            return;
        }

        try
        {
            await next(http);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>Endpoint metadata: the route counts against <see cref="SecurityOptions.MaxConcurrentRequests"/>.</summary>
public sealed class ConcurrencyLimited;

public static class ConcurrencyLimitExtensions
{
    /// <summary>Counts the route's requests against <see cref="SecurityOptions.MaxConcurrentRequests"/>.</summary>
    public static TBuilder LimitsConcurrency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ConcurrencyLimited());
}

using System.Diagnostics;
using MatchModels.Serving.Errors;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.Observability;

/// <summary>
/// Observes every request: gives it a request id (X-Request-Id), keeps the caller's own X-Request-Id as its client
/// request id (refusing one that is not short and plain with 400), counts and times it by route template, status, model
/// and version (the version the request was served with), and writes one access-log entry per request to the
/// <see cref="AccessLogCategory"/> logger, with named fields a log shipper can index (RequestId, ClientRequestId, KeyId, Model, Version, Status, ElapsedMs;
/// "-" for a field the request did not have).
/// </summary>
public sealed class RequestMetrics(RequestDelegate next, ServingMetrics metrics, ILoggerFactory loggers)
{
    /// <summary>The access log's category: raise it to Warning (Logging:LogLevel:MatchModels.Serving.Access) to turn it off.</summary>
    public const string AccessLogCategory = "MatchModels.Serving.Access";

    private readonly ILogger _access = loggers.CreateLogger(AccessLogCategory);

    private static bool TakesInput(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal) || path.StartsWithSegments("/v2/models", StringComparison.Ordinal);

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        long start = Stopwatch.GetTimestamp();
        string requestId = ScoringContext.RequestId(http);
        try
        {
            // Only routes that take input refuse a malformed caller id: health, metrics, the docs and the document take
            // none and promise no 4xx (docs/api-contract.md), so there a bad id is just not kept as client_request_id.
            if (ScoringContext.ReadClientRequestId(http) is { } bad && TakesInput(http.Request.Path))
            {
                await ProblemResponses.Write(http, StatusCodes.Status400BadRequest, "Invalid request id", bad.Message, [bad]);
            }
            else
            {
                await next(http);
            }
        }
        finally
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            string route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            string model = http.Items.TryGetValue(ScoringContext.ModelItem, out object? m) && m is string s ? s : "";
            string version = http.Items.TryGetValue(ScoringContext.VersionItem, out object? v) && v is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            int status = http.Response.StatusCode;
            metrics.Requests.Inc(route, http.Request.Method, status.ToString(System.Globalization.CultureInfo.InvariantCulture), model, version);
            metrics.Latency.Observe(elapsed.TotalSeconds, route, model, version);
            if (_access.IsEnabled(LogLevel.Information))
            {
                _access.LogInformation(
                    "{Method} {Route} {Status} in {ElapsedMs:0.###} ms, request {RequestId} (client {ClientRequestId}), key {KeyId}, model {Model} version {Version}",
                    http.Request.Method, route, status, elapsed.TotalMilliseconds, requestId, ScoringContext.ClientRequestId(http) ?? "-", http.User.ApiKeyId() ?? "-", Dash(model), Dash(version));
            }
        }
    }

    /// <summary>"-" for a field the request did not have (no key, no model), as access logs write it.</summary>
    private static string Dash(string value) => value.Length == 0 ? "-" : value;
}

using System.Diagnostics;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Observability;

/// <summary>Counts and times every request by route template, status, model and version (the version the request was served with).</summary>
public sealed class RequestMetrics(RequestDelegate next, ServingMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            string route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            string model = http.Items.TryGetValue(ScoringContext.ModelItem, out object? m) && m is string s ? s : "";
            string version = http.Items.TryGetValue(ScoringContext.VersionItem, out object? v) && v is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            metrics.Requests.Inc(route, http.Request.Method, http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), model, version);
            metrics.Latency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds, route, model, version);
        }
    }
}

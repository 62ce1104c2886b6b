using System.Diagnostics;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Serving.Observability;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Scoring;

/// <summary>What every scoring route shares: choosing the version from the route and query, request ids, timing, observers.</summary>
public sealed class ScoringContext(ServedModels models, ServingMetrics metrics, IOptions<ServingOptions> options, IEnumerable<IPredictionObserver> observers, TimeProvider clock)
{
    public const string RequestIdHeader = "X-Request-Id";
    internal const string ModelItem = "matchmodels.model";
    internal const string VersionItem = "matchmodels.version";

    private readonly IPredictionObserver[] _observers = [.. observers];

    public ServedModels Models { get; } = models;

    public ServingMetrics Metrics { get; } = metrics;

    public ServingOptions Options { get; } = options.Value;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The version a request means: ?version=N, ?alias=A, or the champion. Bad syntax is a field error; unknown names throw RegistryException.</summary>
    public ModelLease Acquire(HttpContext http, string name, int? routeVersion = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? version = http.Request.Query["version"];
        string? alias = http.Request.Query["alias"];
        if (version is not null && alias is not null)
        {
            throw new RequestValidationException([new FieldError("query.version", "give either version or alias, not both")]);
        }

        int? v = routeVersion;
        if (version is not null)
        {
            v = int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new RequestValidationException([new FieldError("query.version", $"expected a positive whole number, found '{version}'")]);
        }

        ModelLease lease = Models.Acquire(new ModelReference(ModelReference.CheckName(name), v, alias is null ? null : ModelReference.CheckAlias(alias)));
        http.Items[ModelItem] = lease.Name;
        http.Items[VersionItem] = lease.Version;
        return lease;
    }

    public static string RequestId(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(RequestIdHeader, out object? existing) && existing is string s)
        {
            return s;
        }

        string? given = http.Request.Headers[RequestIdHeader];

        // A caller's id is kept when it is short and plain, so it can be echoed into logs safely.
        string id = given is { Length: > 0 and <= 64 } && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? given : Guid.NewGuid().ToString("N");
        http.Items[RequestIdHeader] = id;
        http.Response.Headers[RequestIdHeader] = id;
        return id;
    }

    public static async Task<JsonElement> ReadBodyAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using JsonDocument doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new RequestValidationException([new FieldError(e.Path ?? "$", $"the body is not valid JSON: {e.Message}")]);
        }
    }

    /// <summary>Times <paramref name="score"/> into the scoring histogram.</summary>
    public T Time<T>(string operation, ModelLease lease, Func<T> score)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(score);
        long start = Stopwatch.GetTimestamp();
        T result = score();
        Metrics.Scoring.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds, operation, lease.Name, Version(lease));
        return result;
    }

    public async ValueTask ObserveAsync(HttpContext http, PredictionBatch batch)
    {
        foreach (IPredictionObserver o in _observers)
        {
            await o.ObserveAsync(http, batch, http.RequestAborted);
        }
    }

    internal static string Version(ModelLease lease) => lease.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

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
    internal const string ClientRequestIdItem = "matchmodels.client_request_id";

    /// <summary>The longest X-Request-Id a caller may send: a UUID (36) or a platform's own batch and row numbers fit, a payload does not.</summary>
    public const int MaxClientRequestIdLength = 64;

    private static readonly ulong s_requestPrefix = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private static long s_requestCounter;

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

    /// <summary>
    /// The server's id for this request, in the X-Request-Id response header, the body and every logged row: always
    /// made here, never taken from the caller, so no two requests share one and an outcome reported by request_id
    /// matches one request's predictions only. The caller's own id is <see cref="ClientRequestId"/>.
    /// </summary>
    public static string RequestId(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(RequestIdHeader, out object? existing) && existing is string s)
        {
            return s;
        }

        string id = NewRequestId();
        http.Items[RequestIdHeader] = id;
        http.Response.Headers[RequestIdHeader] = id;
        return id;
    }

    /// <summary>The caller's X-Request-Id, kept beside the server's id (client_request_id) once <see cref="ReadClientRequestId"/> accepted it; null when none was sent.</summary>
    public static string? ClientRequestId(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(ClientRequestIdItem, out object? id) ? id as string : null;
    }

    /// <summary>
    /// Reads the caller's X-Request-Id for <see cref="ClientRequestId"/>: at most <see cref="MaxClientRequestIdLength"/>
    /// ASCII letters, digits, '-', '_' or '.', so it can be echoed into logs and bodies as it is. Returns the problem
    /// with one that is not (the request is refused with 400), else null.
    /// </summary>
    internal static FieldError? ReadClientRequestId(HttpContext http)
    {
        Microsoft.Extensions.Primitives.StringValues given = http.Request.Headers[RequestIdHeader];
        if (given.Count == 0)
        {
            return null;
        }

        string? id = given.Count == 1 ? given[0] : null;
        if (id is not { Length: > 0 and <= MaxClientRequestIdLength } || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return new FieldError("header." + RequestIdHeader,
                $"expected one id of 1 to {MaxClientRequestIdLength} ASCII letters, digits, '-', '_' or '.'; it is echoed as client_request_id beside the server's own request_id");
        }

        http.Items[ClientRequestIdItem] = id;
        return null;
    }

    /// <summary>
    /// A new id: this process's random 64-bit prefix and a counter, 32 hex digits like a GUID. Unique within the
    /// process by the counter and across processes by the prefix, without asking the system for randomness per request.
    /// </summary>
    internal static string NewRequestId()
    {
        ulong n = (ulong)Interlocked.Increment(ref s_requestCounter);
        return string.Create(32, n, static (chars, count) =>
        {
            s_requestPrefix.TryFormat(chars, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            count.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    public static async Task<JsonElement> ReadBodyAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            // The document's pooled buffers go back when the response is done; nothing reads the body after that.
            JsonDocument doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            http.Response.RegisterForDispose(doc);
            CheckTextIsUnicode.Require(doc.RootElement);
            return doc.RootElement;
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

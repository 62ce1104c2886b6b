using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Errors;

/// <summary>
/// Turns every failure into application/problem+json (RFC 9457) with the request id; bad fields are listed with
/// their JSON path under "errors". Nothing of an exception but a message written for the caller reaches the client:
/// an unexpected exception is logged with its stack trace and answered with a plain 500. <see cref="Classify"/> is
/// the one mapping from exceptions to answers; the host's last-resort exception handler uses it too.
/// </summary>
public sealed class ProblemResponses(RequestDelegate next, ILogger<ProblemResponses> logger)
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            await Answer(http, e, logger);
        }
    }

    /// <summary>Logs <paramref name="e"/> (with its stack trace when it is the server's fault) and writes its problem response.</summary>
    internal static Task Answer(HttpContext http, Exception e, ILogger logger)
    {
        (int status, string title, string detail, IReadOnlyList<FieldError>? errors) = Classify(e);
        if (status >= 500 && e is not PredictionLogUnavailableException)
        {
            logger.LogError(e, "Request {RequestId} {Method} {Path} failed", ScoringContext.RequestId(http), http.Request.Method, http.Request.Path);
        }
        else
        {
            // The operator's log gets a registry failure's whole message (paths included), the caller only the detail.
            // A refused field's message can quote its value (personal data), so the log names the fields only.
            string logged = e switch
            {
                RegistryException => e.Message,
                RequestValidationException v => "invalid " + string.Join(", ", v.Errors.Select(f => f.Path)),
                _ => detail,
            };
            logger.LogInformation("Request {RequestId} {Method} {Path} refused with {Status}: {Detail}", ScoringContext.RequestId(http), http.Request.Method, http.Request.Path, status, logged);
        }

        if (e is PredictionLogUnavailableException)
        {
            // The queue drains within seconds once the disk keeps up again.
            http.Response.Headers.RetryAfter = "1";
        }

        return Write(http, status, title, detail, errors);
    }

    /// <summary>
    /// Writes the one problem shape every route answers with (the OpenAPI document's <c>Problem</c>): RFC 9457's
    /// fields, <c>request_id</c>, <c>client_request_id</c> (the caller's X-Request-Id, or null), <c>errors</c> (empty when no single field is at fault) and the Open Inference
    /// Protocol's <c>error</c> string. Retry-After, WWW-Authenticate and Allow survive the reset of the response.
    /// </summary>
    public static Task Write(HttpContext http, int status, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        IHeaderDictionary headers = http.Response.Headers;
        (string? retryAfter, string? challenge, string? allow) = (headers.RetryAfter, headers.WWWAuthenticate, headers.Allow);
        http.Response.Clear();
        headers[ScoringContext.RequestIdHeader] = ScoringContext.RequestId(http);
        if (!string.IsNullOrEmpty(retryAfter))
        {
            headers.RetryAfter = retryAfter;
        }

        if (!string.IsNullOrEmpty(challenge))
        {
            headers.WWWAuthenticate = challenge;
        }

        if (!string.IsNullOrEmpty(allow))
        {
            headers.Allow = allow;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        var body = new Problem(
            $"https://httpstatuses.io/{status}", title, status, detail, http.Request.Path, ScoringContext.RequestId(http), ScoringContext.ClientRequestId(http),
            errors?.Select(e => new ProblemField(e.Path, e.Message)).ToList() ?? [],

            // The Open Inference Protocol's clients read a top-level "error" string.
            detail);
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, s_json), http.RequestAborted);
    }

    internal static (int Status, string Title, string Detail, IReadOnlyList<FieldError>? Errors) Classify(Exception e) => e switch
    {
        RequestValidationException v => (StatusCodes.Status400BadRequest, "The request has invalid fields", v.Message, v.Errors),
        RegistryException { Failure: RegistryFailure.InvalidReference } r => (StatusCodes.Status400BadRequest, "Invalid model name or alias", r.CallerMessage,
            [new FieldError(r.Message.Contains("valid alias", StringComparison.Ordinal) ? "query.alias" : "path.name", r.CallerMessage)]),
        RegistryException { Failure: RegistryFailure.Damaged } r => (StatusCodes.Status503ServiceUnavailable, "The model version cannot be served", r.CallerMessage, null),
        RegistryException r => (StatusCodes.Status404NotFound, "Unknown model, version or alias", r.CallerMessage, null),
        ProfilesNotSupportedException p => (StatusCodes.Status422UnprocessableEntity, "This model cannot score profiles", p.Message, null),
        InvalidOnnxModelException o => (StatusCodes.Status503ServiceUnavailable, "The model version cannot be served", o.Message, null),
        RequestIdTakenException t => (StatusCodes.Status400BadRequest, "Request id already logged", t.Message, [new FieldError("header." + ScoringContext.RequestIdHeader, t.Message)]),
        PredictionLogUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Prediction log unavailable",
            "The prediction could not be logged, so it was not served; retry shortly.", null),
        UnsupportedContentTypeException u => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", u.Message, [new FieldError("header.Content-Type", u.Message)]),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } b => (b.StatusCode, "Request body too large", b.Message, [new FieldError("$", b.Message)]),
        BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, [new FieldError("query", b.Message)]),
        _ => (StatusCodes.Status500InternalServerError, "Internal error", "The server failed to answer this request; the request id locates it in the server's log.", null),
    };

    private sealed record Problem(string Type, string Title, int Status, string Detail, string Instance, string RequestId, string? ClientRequestId, IReadOnlyList<ProblemField> Errors, string Error);

    private sealed record ProblemField(string Path, string Message);
}

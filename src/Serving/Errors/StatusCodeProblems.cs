using MatchModels.Serving.Scoring;
using Microsoft.AspNetCore.Diagnostics;

namespace MatchModels.Serving.Errors;

/// <summary>
/// Bodies for the answers the framework gives without one (401 and 403 from authorization, 404 for an unknown
/// route, 405 for a known route with another method), in the same problem shape as every other error.
/// </summary>
public static class StatusCodeProblems
{
    public static Task Write(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpContext http = context.HttpContext;
        int status = http.Response.StatusCode;
        bool keyGiven = !string.IsNullOrEmpty(http.Request.Headers.Authorization);
        (string title, string detail, FieldError[] errors) = status switch
        {
            StatusCodes.Status401Unauthorized when keyGiven => ("Unauthorized", "The API key is unknown or revoked.",
                [new FieldError("header.Authorization", "unknown or revoked API key; send Authorization: Bearer <key> with a key made by `matchmodels keys create`")]),
            StatusCodes.Status401Unauthorized => ("Unauthorized", "This route needs an API key.",
                [new FieldError("header.Authorization", "missing; send Authorization: Bearer <key>")]),
            StatusCodes.Status403Forbidden => ("Forbidden", "This API key lacks the scope this route needs.",
                [new FieldError("header.Authorization", "the key lacks the scope this route needs (score for scoring routes)")]),
            StatusCodes.Status404NotFound => ("Not found", $"No route matches {http.Request.Path}; /openapi/v1.json lists the routes.", System.Array.Empty<FieldError>()),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}; the Allow header lists the methods that are.", []),
            _ => (ReasonPhrase(status), ReasonPhrase(status), []),
        };

        return ProblemResponses.Write(http, status, title, detail, errors);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}

using MatchModels.Serving.PredictionLog;
using Microsoft.AspNetCore.Diagnostics;

namespace MatchModels.Serving.Security;

/// <summary>
/// The last line of defence: any exception becomes a problem+json response without a stack trace. Known cases keep
/// their meaning (a body over the limit is 413, a full prediction log 503); anything else is logged with the
/// request's trace id and answered with a generic 500 that carries the same trace id.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        HttpContext context = httpContext;
        (int status, string title, string? detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request body too large", "The request body exceeds the server's limit."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", "The request could not be read."),
            PredictionLogUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Prediction log unavailable",
                "The prediction could not be logged, so it was not served; retry shortly."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred; the server log has the details under this trace id."),
        };

        if (status >= 500)
        {
            log.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

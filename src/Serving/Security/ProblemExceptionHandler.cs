using MatchModels.Serving.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace MatchModels.Serving.Security;

/// <summary>
/// The last line of defence, for exceptions thrown outside the routes' own error handling (authentication, limits):
/// the same mapping and problem+json body as <see cref="ProblemResponses"/>, so a body over the limit is 413, a full
/// prediction log 503, and anything unknown a generic 500 whose request id locates the logged stack trace.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        await ProblemResponses.Answer(httpContext, exception, log);
        return true;
    }
}

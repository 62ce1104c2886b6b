namespace MatchModels.Serving.Errors;

/// <summary>
/// The POST routes read JSON only: any other Content-Type, or none, is 415 before the body is read. It runs as an
/// endpoint filter, after authentication and rate limiting, so a caller without a key learns nothing about bodies.
/// </summary>
public static class RequireJsonBody
{
    public static TBuilder AcceptsJsonOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            HttpRequest request = context.HttpContext.Request;
            return request.HasJsonContentType()
                ? await next(context)
                : throw new UnsupportedContentTypeException(string.IsNullOrEmpty(request.ContentType)
                    ? "send the body as JSON with Content-Type: application/json"
                    : $"expected Content-Type: application/json, found '{request.ContentType}'");
        });
}

/// <summary>A request body in a media type the route does not read (415).</summary>
public sealed class UnsupportedContentTypeException(string message) : Exception(message);

using System.Globalization;
using System.Threading.RateLimiting;
using MatchModels.Core.ApiKeys;
using MatchModels.Serving.Errors;
using MatchModels.Serving.Scoring;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Security;

/// <summary>
/// API keys, scopes, limits and problem+json errors for the whole host. Routes opt in with
/// <c>.RequireAuthorization("score")</c> or <c>.RequireAuthorization("admin")</c>; routes without it (liveness,
/// readiness, <c>/metrics</c>, the OpenAPI document) stay anonymous so probes and scrapers need no key.
/// </summary>
public static class ServingSecurity
{
    /// <summary>Registers authentication, the <c>score</c> and <c>admin</c> policies, the per-key rate limiter, the body limit and problem details.</summary>
    public static WebApplicationBuilder AddServingSecurity(this WebApplicationBuilder builder)
    {
        // Options are read through IOptions at run time, never here: test hosts add their settings after this method runs.
        builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddSingleton<LimitConcurrentScoring>();
        builder.Services.AddAuthentication(ApiKeyClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyClaims.Scheme, null);
        Microsoft.AspNetCore.Authorization.AuthorizationBuilder policies = builder.Services.AddAuthorizationBuilder();
        foreach (string scope in ApiKeyScopes.All)
        {
            // An anonymous caller fails RequireAuthenticatedUser (401); a key without the scope fails the claim (403).
            policies.AddPolicy(scope, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyClaims.Scope, scope));
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((k, o) => k.Limits.MaxRequestBodySize = o.Value.MaxBodyBytes);
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Anonymous requests (health, metrics) are not limited; each key has its own window.
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                RateLimitOptions limit = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.RateLimit;
                return context.User.ApiKeyId() is { } keyId && limit.PermitLimit > 0
                    ? RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit.PermitLimit,
                        Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("");
            });
            r.OnRejected = async (rejected, ct) =>
            {
                HttpContext context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
                {
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await ProblemResponses.Write(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This API key has used its requests for the current window; retry after Retry-After seconds.");
            };
        });
        return builder;
    }

    /// <summary>Adds the middleware in the order that matters: errors outermost, then the body limit, then who is calling, what they may do, how often, and how many at once.</summary>
    public static WebApplication UseServingSecurity(this WebApplication app)
    {
        SecurityOptions options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        app.UseExceptionHandler();
        // Empty 401/403/404/405 responses get the same problem+json body as every other error.
        app.UseStatusCodePages(StatusCodeProblems.Write);
        app.Use(async (context, next) =>
        {
            long maxBody = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Of(options) ?? options.MaxBodyBytes;
            if (context.Request.ContentLength > maxBody)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await ProblemResponses.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                    $"The request body may be at most {maxBody} bytes.", [new FieldError("$", $"larger than the limit of {maxBody} bytes")]);
                return;
            }

            // Kestrel also enforces the limit on bodies sent without a Content-Length (chunked).
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBody;
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        // Last, so that only requests that may be scored take a slot: a caller without a key or over its rate holds none.
        LimitConcurrentScoring gate = app.Services.GetRequiredService<LimitConcurrentScoring>();
        app.Use(gate.InvokeAsync);
        return app;
    }
}

/// <summary>Endpoint metadata: this route's body limit, instead of <see cref="SecurityOptions.MaxBodyBytes"/>.</summary>
public sealed class BodyLimit(Func<SecurityOptions, long> of)
{
    public long Of(SecurityOptions options) => of(options);
}

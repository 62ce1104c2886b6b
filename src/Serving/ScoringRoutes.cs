using MatchModels.Core.ApiKeys;
using MatchModels.Core.Registry;
using MatchModels.Serving.Contracts;
using MatchModels.Serving.Errors;
using MatchModels.Serving.Inference;
using MatchModels.Serving.Observability;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving;

/// <summary>The scoring API's services, middleware and routes: one call each from <see cref="ServingHost"/>.</summary>
public static class ScoringRoutes
{
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ServingOptions>(configuration.GetSection(ServingOptions.Section));
        services.AddOptions<ServingOptions>()
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out Uri? u) && u.Scheme is "http" or "https" && string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment),
                "Serving:PublicUrl must be an absolute http or https URL without a query or fragment (the OpenAPI document's server)")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ModelRegistry(sp.GetRequiredService<IOptions<ServingOptions>>().Value.Registry));
        services.AddSingleton<ServedModels>();
        services.AddSingleton<MetricsRegistry>();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<ScoringContext>();
        services.AddSingleton<ShadowScoring>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Responses use the same snake_case as request bodies and the data schemas.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<ApiDocument>();
        return services;
    }

    /// <summary>Request ids, metrics and the access log, for every request, whoever answers it: call it first.</summary>
    public static WebApplication UseRequestObservation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestMetrics>();
        return app;
    }

    /// <summary>Adds problem+json error handling around everything after it, then maps the routes.</summary>
    public static WebApplication UseScoring(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ProblemResponses>();

        // Each route's name is its operationId in the OpenAPI document (Contracts/ApiDocument.cs), which a test holds to this table.
        RouteGroupBuilder v1 = app.MapGroup("/v1/models/{name}").RequireAuthorization(ApiKeyScopes.Score);
        v1.MapPost("/predict", PredictEndpoint.Handle).AcceptsJsonOnly().LimitsConcurrency().WithName("predictPairs");
        v1.MapPost("/rank", RankEndpoint.Handle).AcceptsJsonOnly().LimitsConcurrency().WithName("rankMentors").WithMetadata(new BodyLimit(o => o.MaxRankBodyBytes));

        // Health is for orchestrators and stays anonymous; anything about a model needs a key with the score scope.
        RouteGroupBuilder health = app.MapGroup("/v2/health");
        health.MapGet("/live", OpenInferenceEndpoints.Live).WithName("serverLive");
        health.MapGet("/ready", OpenInferenceEndpoints.Ready).WithName("serverReady");

        RouteGroupBuilder v2 = app.MapGroup("/v2").RequireAuthorization(ApiKeyScopes.Score);
        v2.MapGet("", OpenInferenceEndpoints.ServerMetadata).WithName("serverMetadata");
        v2.MapGet("/models/{name}", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Metadata(name, null, http, s)).WithName("modelMetadata");
        v2.MapGet("/models/{name}/versions/{version:int}", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Metadata(name, version, http, s)).WithName("modelVersionMetadata");
        v2.MapGet("/models/{name}/ready", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.ModelReady(name, null, http, s)).WithName("modelReady");
        v2.MapGet("/models/{name}/versions/{version:int}/ready", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.ModelReady(name, version, http, s)).WithName("modelVersionReady");
        v2.MapPost("/models/{name}/infer", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Infer(name, null, http, s)).AcceptsJsonOnly().LimitsConcurrency().WithName("infer");
        v2.MapPost("/models/{name}/versions/{version:int}/infer", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Infer(name, version, http, s)).AcceptsJsonOnly().LimitsConcurrency().WithName("inferVersion");

        app.MapGet("/metrics", (MetricsRegistry metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8")).WithName("metrics");
        app.MapGet(ApiDocument.Route, (ApiDocument document, ScoringContext scoring) => Results.Text(document.Json(scoring.Models), "application/json; charset=utf-8")).WithName("openApiDocument");
        app.MapGet("/docs", () => Results.Content(ApiDocsPage.Html, "text/html; charset=utf-8")).WithName("apiDocs");
        return app;
    }
}

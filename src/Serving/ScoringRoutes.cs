using MatchModels.Core.ApiKeys;
using MatchModels.Core.Registry;
using MatchModels.Serving.Errors;
using MatchModels.Serving.Inference;
using MatchModels.Serving.Observability;
using MatchModels.Serving.Scoring;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving;

/// <summary>The scoring API's services, middleware and routes: one call each from <see cref="ServingHost"/>.</summary>
public static class ScoringRoutes
{
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ServingOptions>(configuration.GetSection(ServingOptions.Section));
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
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "MatchModels scoring API";
            doc.Info.Description = ApiDescription;
            return Task.CompletedTask;
        }));
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

        RouteGroupBuilder v1 = app.MapGroup("/v1/models/{name}").WithTags("v1").RequireAuthorization(ApiKeyScopes.Score);
        v1.MapPost("/predict", PredictEndpoint.Handle)
            .WithSummary("Score mentee–mentor pairs from raw profiles")
            .WithDescription(PredictDescription)
            .Produces<PredictResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422);
        v1.MapPost("/rank", RankEndpoint.Handle)
            .WithSummary("Rank candidate mentors for one mentee")
            .WithDescription(RankDescription)
            .Produces<RankResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422);

        RouteGroupBuilder health = app.MapGroup("/v2/health").WithTags("Open Inference Protocol v2");
        health.MapGet("/live", OpenInferenceEndpoints.Live).WithSummary("Liveness");
        health.MapGet("/ready", OpenInferenceEndpoints.Ready).WithSummary("Readiness: the registry is readable and every model's default version loads");

        // Health is for orchestrators and stays anonymous; anything about a model needs a key with the score scope.
        RouteGroupBuilder v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2").RequireAuthorization(ApiKeyScopes.Score);
        v2.MapGet("/models/{name}", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Metadata(name, null, http, s)).WithSummary("Model metadata");
        v2.MapGet("/models/{name}/versions/{version:int}", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Metadata(name, version, http, s)).WithSummary("Model version metadata");
        v2.MapGet("/models/{name}/ready", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.ModelReady(name, null, http, s)).WithSummary("Model readiness");
        v2.MapGet("/models/{name}/versions/{version:int}/ready", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.ModelReady(name, version, http, s)).WithSummary("Model version readiness");
        v2.MapPost("/models/{name}/infer", (string name, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Infer(name, null, http, s))
            .WithSummary("Score feature vectors: one FP32 input [N, F] named as in the model's signature").Produces<InferResponse>().ProducesProblem(400).ProducesProblem(404);
        v2.MapPost("/models/{name}/versions/{version:int}/infer", (string name, int version, HttpContext http, ScoringContext s) => OpenInferenceEndpoints.Infer(name, version, http, s))
            .WithSummary("Score feature vectors with one version").Produces<InferResponse>().ProducesProblem(400).ProducesProblem(404);

        app.MapGet("/metrics", (MetricsRegistry metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8")).ExcludeFromDescription();
        app.MapOpenApi();
        app.MapGet("/docs", () => Results.Content(ApiDocsPage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private const string ApiDescription =
        "Scores mentee–mentor pairs with the registered MatchModels models. /v1 routes take raw participant profiles and compute the features " +
        "server-side with the same builders and fitted state as training; /v2 routes follow the Open Inference Protocol and take the feature tensor. " +
        "Every response names the model and version that answered. The version is the alias 'champion' unless ?version=N or ?alias=NAME is given. " +
        "Errors are application/problem+json with an 'errors' list of {path, message} naming each bad field by its JSON path.";

    private const string PredictDescription =
        "Body: {\"pairs\": [{\"mentee\": PROFILE, \"mentor\": PROFILE, \"as_of\": DATE-TIME, \"matched_at\"?: DATE-TIME, \"same_reporting_line\"?: bool, " +
        "\"mentor_record\"?: {\"active_pairs\", \"prior_pairs\", \"prior_completed\"}, \"engagement\"?: {...}}]}. PROFILE has the fields of " +
        "data/schemas/participants.schema.json: participant_id, joined_at, department, site, timezone_offset_h, job_level, tenure_years, languages, " +
        "skills, goals_text, availability_h_per_month (required), mentor_capacity (required for the mentor), manager_id, gender, age_band (optional). " +
        "Features that depend on history are what the caller tells: mentor_record defaults to zeros (no current mentees, no finished pairs: the prior " +
        "success rate then takes the training mean); same_reporting_line defaults to what the two profiles' ids show (one is the other's manager_id, " +
        "or both have the same manager_id); matched_at defaults to as_of; engagement (drop-out models only: sessions, total_minutes, first_session_days, " +
        "last_session_days, mean_mentee_rating, mean_mentor_rating) defaults to none. Query: explain=true adds the top contributions " +
        "(p(x) − p(x with the feature at its training median)), top=K how many (default 5). At most Serving:MaxBatch pairs (default 1000).";

    private const string RankDescription =
        "Body: {\"mentee\": PROFILE, \"mentee_manager_chain\"?: [ids above the mentee's manager], \"mentors\": [PROFILE + \"mentor_record\"? + \"manager_chain\"?], " +
        "\"as_of\": DATE-TIME, \"top\"?: N (default 10), \"filters\"?: {\"shared_language\": true, \"not_same_reporting_line\": true, \"max_timezone_gap_h\": null, " +
        "\"free_capacity\": true}}. Filters run in that order and 'removed' counts each mentor under the first filter that removed it. The reporting line " +
        "is judged from the ids sent: same manager_id, or one's participant_id in the other's manager_id or manager chain. Free capacity is " +
        "mentor_capacity − mentor_record.active_pairs > 0. At most Serving:MaxCandidates mentors (default 50,000).";
}

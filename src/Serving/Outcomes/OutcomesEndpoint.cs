using System.Security.Claims;
using System.Text.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.Errors;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.Outcomes;

public static class OutcomesEndpoint
{
    /// <summary>
    /// <c>POST /v1/outcomes</c> (scope <c>score</c>): HR platforms report observed outcomes; 202 with the count once
    /// they are durable in the log, 400 problem+json naming each bad field's JSON path otherwise, an id that no logged
    /// prediction carries included (<see cref="RefuseUnknownIds"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapOutcomes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/outcomes", async (HttpContext http, ClaimsPrincipal user, IDurableLog<OutcomeRecord> log, ILoggedPredictionIds logged, TimeProvider clock) =>
        {
            JsonElement body = await ScoringContext.ReadBodyAsync(http);
            OutcomeReport.Result parsed = OutcomeReport.Parse(body, user.ApiKeyId() ?? "", clock.GetUtcNow().UtcDateTime);
            if (parsed.Errors.Count > 0)
            {
                throw new RequestValidationException([.. parsed.Errors.SelectMany(e => e.Value.Select(m => new FieldError(e.Key, m)))]);
            }

            if (await RefuseUnknownIds.CheckAsync(parsed.Outcomes, logged, http.RequestAborted) is { Count: > 0 } unknown)
            {
                throw new RequestValidationException(unknown);
            }

            await log.AppendAsync(parsed.Outcomes, http.RequestAborted);
            return Results.Accepted(value: new OutcomesAccepted(parsed.Outcomes.Count, ScoringContext.RequestId(http), ScoringContext.ClientRequestId(http)));
        }).RequireAuthorization(Core.ApiKeys.ApiKeyScopes.Score).AcceptsJsonOnly().WithName("reportOutcomes");
        return app;
    }
}

/// <summary>The answer to an outcomes report: how many outcomes were stored in the log.</summary>
/// <param name="Accepted">Outcomes now durable in the log.</param>
/// <param name="RequestId">This request's id, made by the server, also in the X-Request-Id header.</param>
/// <param name="ClientRequestId">The caller's own X-Request-Id, echoed; null when none was sent.</param>
public sealed record OutcomesAccepted(int Accepted, string RequestId, string? ClientRequestId);

using System.Security.Claims;
using System.Text.Json;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.Outcomes;

public static class OutcomesEndpoint
{
    /// <summary>
    /// <c>POST /v1/outcomes</c> (scope <c>score</c>): HR platforms report observed outcomes; 202 with the count once
    /// they are queued for the log, 400 problem+json naming each bad field's JSON path otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapOutcomes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/outcomes", async (HttpRequest request, ClaimsPrincipal user, OutcomeLogWriter log, TimeProvider clock, CancellationToken ct) =>
        {
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(request.Body, default, ct);
            }
            catch (JsonException e)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [e.Path ?? "$"] = [$"not valid JSON: {e.Message}"] });
            }

            using (body)
            {
                OutcomeReport.Result parsed = OutcomeReport.Parse(body.RootElement, user.ApiKeyId() ?? "", clock.GetUtcNow().UtcDateTime);
                if (parsed.Errors.Count > 0)
                {
                    return Results.ValidationProblem(parsed.Errors, title: "Invalid outcomes");
                }

                await log.AppendAsync(parsed.Outcomes, ct);
                return Results.Accepted(value: new { accepted = parsed.Outcomes.Count });
            }
        }).RequireAuthorization(Core.ApiKeys.ApiKeyScopes.Score).Accepts<JsonElement>("application/json");
        return app;
    }
}

using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Outcomes;

/// <summary>
/// An outcome joins a logged prediction by its pair id or request id; one naming an id no logged prediction carries
/// would label nothing (a typo, another system's id, a prediction never made). Each such id is named with its JSON
/// path, and the whole report is refused (400), as for any other bad field.
/// </summary>
public static class RefuseUnknownIds
{
    public static async Task<IReadOnlyList<FieldError>> CheckAsync(IReadOnlyList<OutcomeRecord> outcomes, ILoggedPredictionIds logged, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(logged);
        (IReadOnlySet<string> pairs, IReadOnlySet<string> requests) = await logged.UnknownAsync(
            [.. outcomes.Select(o => o.PairId).OfType<string>().Distinct(StringComparer.Ordinal)],
            [.. outcomes.Select(o => o.RequestId).OfType<string>().Distinct(StringComparer.Ordinal)],
            ct);
        var errors = new List<FieldError>();
        for (int i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].PairId is { } pair && pairs.Contains(pair))
            {
                errors.Add(new FieldError($"$.outcomes[{i}].pair_id", $"no logged prediction has pair id '{pair}': report outcomes of pairs this API scored"));
            }

            if (outcomes[i].RequestId is { } request && requests.Contains(request))
            {
                errors.Add(new FieldError($"$.outcomes[{i}].request_id", $"no logged prediction has request id '{request}': use the request_id a predict or rank answer gave"));
            }
        }

        return errors;
    }
}

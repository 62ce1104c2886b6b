using System.Text.Json;
using MatchModels.Core.Features;
using MatchModels.Core.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.Scoring;

/// <summary>POST /v1/models/{name}/predict: features from raw profiles, probabilities, and optional explanations.</summary>
public static class PredictEndpoint
{
    public static async Task<IResult> Handle(string name, bool? explain, int? top, HttpContext http, ScoringContext scoring, ShadowScoring shadow)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(shadow);
        string requestId = ScoringContext.RequestId(http);
        JsonElement body = await ScoringContext.ReadBodyAsync(http);
        using ModelLease lease = scoring.Acquire(http, name);
        PredictRequest request = ScoringRequests.Predict(body, scoring.Options.MaxBatch, scoring.Clock.GetUtcNow().UtcDateTime, lease.Scorer.DeclaredColumns, lease.Scorer.Requirements);
        scoring.Metrics.BatchSize.Observe(request.Pairs.Count, "predict");
        PairScorer scorer = lease.Scorer;
        (float[] rows, float[] p) = scoring.Time("predict", lease, () =>
        {
            float[] features = scorer.Features(request.Pairs);
            return (features, scorer.Onnx.Score(features, request.Pairs.Count));
        });
        int k = top is > 0 and <= 100 ? top.Value : scoring.Options.ExplainTop;
        var predictions = new PairPrediction[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            IReadOnlyList<FeatureContribution>? contributions = explain == true ? scorer.Explain(rows.AsSpan(i * scorer.Width, scorer.Width), p[i], k) : null;
            predictions[i] = new PairPrediction(i, request.Pairs[i].Mentee.ParticipantId, request.Pairs[i].Mentor.ParticipantId, p[i], p[i] >= scorer.Manifest.Threshold, contributions);
        }

        var batch = new PredictionBatch(requestId, scoring.Clock.GetUtcNow(), "predict", lease.Name, lease.Version, lease.Alias, scorer.FeatureNames, rows, p,
            request.Pairs.Select(s => $"{s.Mentee.ParticipantId}→{s.Mentor.ParticipantId}").ToArray(), scorer.Manifest.Threshold, ScoringContext.ClientRequestId(http));
        await scoring.ObserveAsync(http, batch);
        _ = shadow.Start(batch, request.Pairs, http.User.ApiKeyId() ?? "");
        return Results.Ok(new PredictResponse(lease.Name, lease.Version, lease.Alias, requestId, batch.ClientRequestId, scorer.Manifest.Threshold, predictions));
    }
}

/// <summary>The answer to a predict request.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that scored every pair of this request.</param>
/// <param name="Alias">The alias that chose it (champion by default); null when the request named a version.</param>
/// <param name="RequestId">This request's id, made by the server, also in the X-Request-Id header.</param>
/// <param name="ClientRequestId">The caller's own X-Request-Id, echoed; null when none was sent.</param>
/// <param name="Threshold">The decision threshold stored with the version: label = probability ≥ threshold.</param>
/// <param name="Predictions">One per pair, in request order.</param>
public sealed record PredictResponse(string Model, int Version, string? Alias, string RequestId, string? ClientRequestId, double Threshold, IReadOnlyList<PairPrediction> Predictions);

/// <param name="Index">Position of the pair in the request.</param>
/// <param name="MenteeId">The mentee's participant_id.</param>
/// <param name="MentorId">The mentor's participant_id.</param>
/// <param name="Probability">The model's probability of success (pair-success) or drop-out (dropout).</param>
/// <param name="Label">Probability ≥ the version's threshold.</param>
/// <param name="Contributions">With explain=true: the top features by |p(x) − p(x with the feature at its training median)|.</param>
public sealed record PairPrediction(int Index, string MenteeId, string MentorId, float Probability, bool Label, IReadOnlyList<FeatureContribution>? Contributions);

using System.Security.Claims;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Appends every scored row to the prediction log before the answer leaves: request id, time, the caller's key id,
/// model and version, the pair, the feature vector exactly as the model saw it, the probability and the label.
/// A full log makes the request fail (503) instead of acknowledging a prediction that would not be kept.
/// </summary>
public sealed class LogPredictions(PredictionLogWriter log) : IPredictionObserver
{
    public async ValueTask ObserveAsync(HttpContext context, PredictionBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        string keyId = context.User is ClaimsPrincipal user ? user.ApiKeyId() ?? "" : "";
        int width = batch.FeatureNames.Count;
        var records = new PredictionRecord[batch.Probabilities.Length];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = new PredictionRecord
            {
                RequestId = batch.RequestId,
                TimeUtc = batch.Time.UtcDateTime,
                KeyId = keyId,
                Model = batch.Model,
                Version = batch.Version,
                PairId = batch.PairIds?[i],
                Features = batch.Features.AsSpan(i * width, width).ToArray(),
                Probability = batch.Probabilities[i],
            };
        }

        await log.AppendAsync(records, ct);
    }
}

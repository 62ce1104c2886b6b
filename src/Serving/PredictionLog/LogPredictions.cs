using System.Security.Claims;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Appends every scored row to the prediction log, and returns once they are durable (fsynced or committed), before the answer leaves:
/// request id, time, the caller's key id, model and version, the pair, the feature vector exactly as the model saw it,
/// and the probability, as <see cref="PredictionRecord.PrimaryRole"/> rows. A full or unwritable log makes the request
/// fail (503) instead of acknowledging a prediction that would not be kept. Shadow scoring's rows go in through
/// <see cref="TryLogShadow"/>, which never waits.
/// </summary>
public sealed class LogPredictions(IDurableLog<PredictionRecord> log, ILoggedPredictionIds ids) : IPredictionObserver
{
    public async ValueTask ObserveAsync(HttpContext context, PredictionBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        string keyId = context.User is ClaimsPrincipal user ? user.ApiKeyId() ?? "" : "";
        PredictionRecord[] records = Records(batch, keyId, PredictionRecord.PrimaryRole);
        await log.AppendAsync(records, ct);
        ids.Logged(records);
    }

    /// <summary>
    /// Queues a shadow scoring's rows (<see cref="PredictionRecord.ShadowRole"/>) if they fit while no more than
    /// <paramref name="queueShare"/> of the log's capacity waits to be written; never waits. Returns how many rows were
    /// not queued: shadow rows are dropped rather than take the room the rows of answered requests need.
    /// </summary>
    public int TryLogShadow(PredictionBatch shadow, string keyId, double queueShare)
    {
        ArgumentNullException.ThrowIfNull(shadow);
        PredictionRecord[] records = Records(shadow, keyId, PredictionRecord.ShadowRole);
        return records.Length - log.TryAppend(records, (int)(log.Capacity * queueShare));
    }

    private static PredictionRecord[] Records(PredictionBatch batch, string keyId, string role)
    {
        int width = batch.FeatureNames.Count;
        var records = new PredictionRecord[batch.Probabilities.Length];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = new PredictionRecord
            {
                RequestId = batch.RequestId,
                ClientRequestId = batch.ClientRequestId,
                TimeUtc = batch.Time.UtcDateTime,
                KeyId = keyId,
                Model = batch.Model,
                Version = batch.Version,
                PairId = batch.PairIds?[i],
                Features = batch.Features.AsSpan(i * width, width).ToArray(),
                Probability = batch.Probabilities[i],
                Label = batch.Probabilities[i] >= batch.Threshold,
                Role = role,
            };
        }

        return records;
    }
}

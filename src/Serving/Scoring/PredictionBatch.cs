namespace MatchModels.Serving.Scoring;

/// <summary>
/// Everything one request predicted, handed to every registered <see cref="IPredictionObserver"/> after scoring
/// (the prediction log, audit): the request id, the time, model and version, the model's input rows and outputs.
/// </summary>
/// <param name="RequestId">The id returned to the caller (X-Request-Id header and request_id field).</param>
/// <param name="Time">When the request was scored.</param>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that scored every row.</param>
/// <param name="Route">predict, rank or infer.</param>
/// <param name="Alias">The alias that chose the version; null when the request named a version.</param>
/// <param name="FeatureNames">Column names of <paramref name="Features"/>.</param>
/// <param name="Features">Row-major model inputs, <see cref="FeatureNames"/>.Count values per prediction.</param>
/// <param name="Probabilities">One per row.</param>
/// <param name="PairIds">Per row, "mentee_id→mentor_id" when the route had profiles; null for infer.</param>
/// <param name="Threshold">The version's decision threshold: each row's label is probability ≥ threshold.</param>
/// <param name="ClientRequestId">The caller's own X-Request-Id, kept beside <paramref name="RequestId"/>; null when none was sent.</param>
public sealed record PredictionBatch(
    string RequestId,
    DateTimeOffset Time,
    string Route,
    string Model,
    int Version,
    string? Alias,
    IReadOnlyList<string> FeatureNames,
    float[] Features,
    float[] Probabilities,
    IReadOnlyList<string>? PairIds,
    double Threshold,
    string? ClientRequestId = null);

/// <summary>
/// Receives each request's predictions. Register implementations as singletons
/// (<c>services.AddSingleton&lt;IPredictionObserver, MyLog&gt;()</c>); <see cref="ObserveAsync"/> runs on the request
/// path before the answer is sent, so it must be quick (the prediction log waits only for its group's fsync), and a
/// failure (a full or unwritable log) fails the request rather than losing an acknowledged prediction. The caller's identity (API key) is on the HttpContext passed in.
/// </summary>
public interface IPredictionObserver
{
    ValueTask ObserveAsync(HttpContext context, PredictionBatch batch, CancellationToken ct);
}

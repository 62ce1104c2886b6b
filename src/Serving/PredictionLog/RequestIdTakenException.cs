namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// The request's id is in the prediction log already (a caller's X-Request-Id used twice, possibly on another replica):
/// a request id names one logged request, so the request is refused (400) and none of its rows are kept.
/// </summary>
public sealed class RequestIdTakenException(string requestId)
    : Exception($"request id '{requestId}' is already in the prediction log: send a new X-Request-Id, or none to let the server choose one")
{
    public string RequestId { get; } = requestId;
}

using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Which pair ids and request ids the prediction log holds, so that an outcome for a prediction that was never logged
/// is refused: <see cref="LoggedIdIndex"/> over the files, <see cref="Postgres.PostgresLoggedIds"/> over the database.
/// </summary>
public interface ILoggedPredictionIds
{
    /// <summary>Of <paramref name="pairIds"/> and <paramref name="requestIds"/>, those no logged prediction carries (by any replica).</summary>
    ValueTask<(IReadOnlySet<string> Pairs, IReadOnlySet<string> Requests)> UnknownAsync(IReadOnlyCollection<string> pairIds, IReadOnlyCollection<string> requestIds, CancellationToken ct);

    /// <summary>Notes rows this process has just logged (an index in memory needs them; a database has them already).</summary>
    void Logged(IReadOnlyList<PredictionRecord> records);
}

using MatchModels.Core.PredictionLog;
using Npgsql;
using NpgsqlTypes;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>Logged ids in the database: one query over the request-id and pair-id indexes, which every replica writes.</summary>
public sealed class PostgresLoggedIds(PostgresLogDatabase database) : ILoggedPredictionIds
{
    public async ValueTask<(IReadOnlySet<string> Pairs, IReadOnlySet<string> Requests)> UnknownAsync(IReadOnlyCollection<string> pairIds, IReadOnlyCollection<string> requestIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pairIds);
        ArgumentNullException.ThrowIfNull(requestIds);
        try
        {
            return (await MissingAsync("pair_id", pairIds, ct), await MissingAsync("request_id", requestIds, ct));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The question cannot be answered: refuse for now (503) rather than store an outcome that may be for nothing.
            throw new PredictionLogUnavailableException("the log database could not be asked which ids are logged");
        }
    }

    public void Logged(IReadOnlyList<PredictionRecord> records)
    {
        // Committed rows are in the database already.
    }

    private async Task<IReadOnlySet<string>> MissingAsync(string column, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return missing;
        }

        await using NpgsqlCommand command = database.Source.CreateCommand(
            $"SELECT id FROM unnest($1) AS id WHERE NOT EXISTS (SELECT 1 FROM {LogSchema.Predictions} p WHERE p.{column} = id)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Distinct(StringComparer.Ordinal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using NpgsqlDataReader r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            missing.Add(r.GetString(0));
        }

        return missing;
    }
}

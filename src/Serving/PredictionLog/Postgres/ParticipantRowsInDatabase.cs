using MatchModels.Core.PersonalData;
using MatchModels.Core.PredictionLog;
using Npgsql;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// A participant's rows in the prediction log's database, with the files' rules (<see cref="FindParticipantData"/>):
/// predictions whose pair id names them ("mentee→mentor", either side, or the id itself), and outcomes reported for
/// such a pair or for a request that scored only their pairs. Used by <c>matchmodels data access|erase|retention</c>
/// when the log is in PostgreSQL. Erasure and retention each run in one transaction: all of it is removed or none.
/// </summary>
public sealed class ParticipantRowsInDatabase(NpgsqlDataSource database)
{
    private const string Names = "(split_part(pair_id, '→', 1) = $1 OR split_part(pair_id, '→', 2) = $1)";

    private static readonly string s_theirRequests = $"""
        SELECT request_id FROM {LogSchema.Predictions}
        WHERE request_id IN (SELECT request_id FROM {LogSchema.Predictions} WHERE {Names})
        GROUP BY request_id HAVING bool_and(coalesce({Names}, false))
        """;

    private static readonly string s_theirOutcomes = $"{Names} OR request_id IN ({s_theirRequests})";

    /// <summary>The columns <see cref="ReadPrediction"/> reads, in its order.</summary>
    public const string PredictionColumns = "request_id, time, key_id, model, version, pair_id, features, probability, label, role, client_request_id";

    /// <summary>The prediction at the reader's current row, selected as <see cref="PredictionColumns"/>.</summary>
    public static PredictionRecord ReadPrediction(NpgsqlDataReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new PredictionRecord
        {
            RequestId = r.GetString(0),
            TimeUtc = r.GetDateTime(1),
            KeyId = r.GetString(2),
            Model = r.GetString(3),
            Version = r.GetInt32(4),
            PairId = r.IsDBNull(5) ? null : r.GetString(5),
            Features = r.GetFieldValue<float[]>(6),
            Probability = r.GetDouble(7),
            Label = r.IsDBNull(8) ? null : r.GetBoolean(8),
            Role = r.GetString(9),
            ClientRequestId = r.IsDBNull(10) ? null : r.GetString(10),
        };
    }

    /// <summary>Their predictions and outcomes, oldest first.</summary>
    public async Task<(IReadOnlyList<PredictionRecord> Predictions, IReadOnlyList<OutcomeRecord> Outcomes)> FindAsync(string participantId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        var predictions = new List<PredictionRecord>();
        await using (NpgsqlCommand find = Command(
            $"SELECT {PredictionColumns} FROM {LogSchema.Predictions} WHERE {Names} ORDER BY time, request_id, role, ordinal",
            participantId))
        await using (NpgsqlDataReader r = await find.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                predictions.Add(ReadPrediction(r));
            }
        }

        var outcomes = new List<OutcomeRecord>();
        await using (NpgsqlCommand find = Command(
            $"SELECT pair_id, request_id, success, dropout, observed_at, received_at, key_id FROM {LogSchema.Outcomes} WHERE {s_theirOutcomes} ORDER BY received_at, id",
            participantId))
        await using (NpgsqlDataReader r = await find.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                outcomes.Add(new OutcomeRecord
                {
                    PairId = r.IsDBNull(0) ? null : r.GetString(0),
                    RequestId = r.IsDBNull(1) ? null : r.GetString(1),
                    Success = r.IsDBNull(2) ? null : r.GetBoolean(2),
                    Dropout = r.IsDBNull(3) ? null : r.GetBoolean(3),
                    ObservedAtUtc = r.GetDateTime(4),
                    ReceivedAtUtc = r.GetDateTime(5),
                    KeyId = r.GetString(6),
                });
            }
        }

        return (predictions, outcomes);
    }

    /// <summary>Deletes their outcomes, then their predictions (the outcomes are found through the predictions), in one transaction; returns the counts.</summary>
    public async Task<(int Predictions, int Outcomes)> EraseAsync(string participantId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        await using NpgsqlConnection connection = await database.OpenConnectionAsync(ct);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct);
        int outcomes = await ExecuteAsync(connection, tx, $"DELETE FROM {LogSchema.Outcomes} WHERE {s_theirOutcomes}", participantId, ct);
        int predictions = await ExecuteAsync(connection, tx, $"DELETE FROM {LogSchema.Predictions} WHERE {Names}", participantId, ct);
        await tx.CommitAsync(ct);
        return (predictions, outcomes);
    }

    /// <summary>Deletes (or, for a dry run, counts) the rows older than each period, in one transaction.</summary>
    public async Task<(int Predictions, int Outcomes)> ExpireAsync(RetentionPeriods periods, DateTime nowUtc, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(periods);
        await using NpgsqlConnection connection = await database.OpenConnectionAsync(ct);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct);
        int predictions = periods.PredictionDays is { } pd ? await ExpireAsync(connection, tx, LogSchema.Predictions, "time", nowUtc.AddDays(-pd), dryRun, ct) : 0;
        int outcomes = periods.OutcomeDays is { } od ? await ExpireAsync(connection, tx, LogSchema.Outcomes, "received_at", nowUtc.AddDays(-od), dryRun, ct) : 0;
        await tx.CommitAsync(ct);
        return (predictions, outcomes);
    }

    private static async Task<int> ExpireAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, string column, DateTime cutoff, bool dryRun, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(dryRun ? $"SELECT count(*) FROM {table} WHERE {column} < $1" : $"DELETE FROM {table} WHERE {column} < $1", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(cutoff, DateTimeKind.Utc) });
        return dryRun ? (int)(long)(await command.ExecuteScalarAsync(ct))! : await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, string participantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = participantId });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlCommand Command(string sql, string participantId)
    {
        NpgsqlCommand command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = participantId });
        return command;
    }
}

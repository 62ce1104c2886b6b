using MatchModels.Core.PredictionLog;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// The prediction log in <see cref="LogSchema.Predictions"/>. A group is COPYed into a per-connection staging table, then
/// moved in one statement: each request's first row claims its (request id, role) key with ON CONFLICT DO NOTHING, and
/// only the requests that claimed it get their other rows. A request whose id another request (on any replica) logged
/// first keeps no row and is refused with <see cref="RequestIdTakenException"/>; the rest of its group commits.
/// </summary>
public sealed class PostgresPredictionLog(PostgresLogDatabase database, IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PostgresPredictionLog> log)
    : PostgresGroupCommitLog<PredictionRecord>("predictions", database, options.Value, clock, log)
{
    private const string Columns = "request_id, role, ordinal, time, key_id, model, version, pair_id, features, probability, label, client_request_id";

    private const string Staging = "pg_temp.prediction_staging";

    protected override async Task PrepareAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE IF NOT EXISTS prediction_staging (append_no integer NOT NULL, LIKE {LogSchema.Predictions}) ON COMMIT DELETE ROWS", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    protected override string RequestIdOf(PredictionRecord record) => record.RequestId;

    protected override async Task<IReadOnlySet<Pending>> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Pending> group, CancellationToken ct)
    {
        // Two appends of one group with the same key would both pass the claim below; the later one is refused here.
        var taken = new HashSet<Pending>();
        var keys = new HashSet<(string, string)>();
        await using (NpgsqlBinaryImporter copy = await connection.BeginBinaryImportAsync($"COPY {Staging} (append_no, {Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (int n = 0; n < group.Count; n++)
            {
                Pending p = group[n];
                var ordinals = new Dictionary<(string, string), int>();
                if (p.Records.Any(r => keys.Contains((r.RequestId, r.Role))))
                {
                    taken.Add(p);
                    continue;
                }

                foreach (PredictionRecord r in p.Records)
                {
                    int ordinal = ordinals.GetValueOrDefault((r.RequestId, r.Role));
                    ordinals[(r.RequestId, r.Role)] = ordinal + 1;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(n, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(r.RequestId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(r.Role, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(ordinal, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(Utc(r.TimeUtc), NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(r.KeyId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(r.Model, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(r.Version, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(copy, r.PairId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(r.Features, NpgsqlDbType.Array | NpgsqlDbType.Real, ct);
                    await copy.WriteAsync(r.Probability, NpgsqlDbType.Double, ct);
                    await WriteNullableAsync(copy, r.Label, NpgsqlDbType.Boolean, ct);
                    await WriteNullableAsync(copy, r.ClientRequestId, NpgsqlDbType.Text, ct);
                }

                keys.UnionWith(ordinals.Keys);
            }

            await copy.CompleteAsync(ct);
        }

        await using var move = new NpgsqlCommand($"""
            WITH claimed AS (
                INSERT INTO {LogSchema.Predictions} ({Columns})
                SELECT {Columns} FROM {Staging} WHERE ordinal = 0
                ON CONFLICT DO NOTHING
                RETURNING request_id, role),
            rest AS (
                INSERT INTO {LogSchema.Predictions} ({Columns})
                SELECT {string.Join(", ", Columns.Split(", ").Select(c => "s." + c))}
                FROM {Staging} s JOIN claimed c ON c.request_id = s.request_id AND c.role = s.role
                WHERE s.ordinal > 0)
            SELECT DISTINCT s.append_no FROM {Staging} s
            WHERE s.ordinal = 0 AND NOT EXISTS (SELECT 1 FROM claimed c WHERE c.request_id = s.request_id AND c.role = s.role)
            """, connection, tx);
        await using NpgsqlDataReader refused = await move.ExecuteReaderAsync(ct);
        while (await refused.ReadAsync(ct))
        {
            taken.Add(group[refused.GetInt32(0)]);
        }

        return taken;
    }

    internal static async Task WriteNullableAsync<TValue>(NpgsqlBinaryImporter copy, TValue? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(value, type, ct);
        }
    }
}

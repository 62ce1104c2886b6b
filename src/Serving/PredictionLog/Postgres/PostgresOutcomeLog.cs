using MatchModels.Core.PredictionLog;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>Outcomes in <see cref="LogSchema.Outcomes"/>: each group is one binary COPY in one transaction.</summary>
public sealed class PostgresOutcomeLog(PostgresLogDatabase database, IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PostgresOutcomeLog> log)
    : PostgresGroupCommitLog<OutcomeRecord>("outcomes", database, options.Value, clock, log)
{
    protected override async Task<IReadOnlySet<Pending>> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Pending> group, CancellationToken ct)
    {
        await using NpgsqlBinaryImporter copy = await connection.BeginBinaryImportAsync(
            $"COPY {LogSchema.Outcomes} (pair_id, request_id, success, dropout, observed_at, received_at, key_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (OutcomeRecord o in group.SelectMany(p => p.Records))
        {
            await copy.StartRowAsync(ct);
            await PostgresPredictionLog.WriteNullableAsync(copy, o.PairId, NpgsqlDbType.Text, ct);
            await PostgresPredictionLog.WriteNullableAsync(copy, o.RequestId, NpgsqlDbType.Text, ct);
            await PostgresPredictionLog.WriteNullableAsync(copy, o.Success, NpgsqlDbType.Boolean, ct);
            await PostgresPredictionLog.WriteNullableAsync(copy, o.Dropout, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(Utc(o.ObservedAtUtc), NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(Utc(o.ReceivedAtUtc), NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(o.KeyId, NpgsqlDbType.Text, ct);
        }

        await copy.CompleteAsync(ct);
        return new HashSet<Pending>();
    }
}

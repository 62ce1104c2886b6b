using Npgsql;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// The prediction log's tables in PostgreSQL, in schema <c>matchmodels</c>, and the migration that creates or upgrades
/// them at start. Each step runs once, recorded in <c>matchmodels.schema_version</c>; the whole migration runs in one
/// transaction under an advisory lock, so two serve processes starting at once apply it once between them, and a step
/// that fails leaves nothing half done.
/// </summary>
public static class LogSchema
{
    public const string Schema = "matchmodels";

    public const string Predictions = Schema + ".predictions";

    public const string Outcomes = Schema + ".outcomes";

    public const string Versions = Schema + ".schema_version";

    /// <summary>Any fixed number, shared by every process of this program: the advisory lock that serialises migrations ("MMLOG" in ASCII).</summary>
    public const long MigrationLock = 0x4D4D4C4F47;

    /// <summary>
    /// The steps, in order; a released step is never edited, only followed by a new one. Predictions are keyed by
    /// (request id, role, row): one request id is logged once across every replica (<see cref="PostgresPredictionLog"/>).
    /// The participant indexes match <c>PersonalDataStores.Names</c>: a pair id "mentee→mentor" names either side.
    /// </summary>
    public static IReadOnlyList<(int Version, string Description, string Sql)> Steps { get; } =
    [
        (1, "predictions and outcomes", $"""
            CREATE TABLE {Predictions} (
                request_id  text             NOT NULL,
                role        text             NOT NULL,
                ordinal     integer          NOT NULL,
                time        timestamptz      NOT NULL,
                key_id      text             NOT NULL,
                model       text             NOT NULL,
                version     integer          NOT NULL,
                pair_id     text,
                features    real[]           NOT NULL,
                probability double precision NOT NULL,
                label       boolean,
                PRIMARY KEY (request_id, role, ordinal));
            CREATE INDEX predictions_pair_id ON {Predictions} (pair_id);
            CREATE INDEX predictions_first_participant ON {Predictions} (split_part(pair_id, '→', 1));
            CREATE INDEX predictions_second_participant ON {Predictions} (split_part(pair_id, '→', 2));
            CREATE INDEX predictions_time ON {Predictions} (time);
            CREATE TABLE {Outcomes} (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                pair_id     text,
                request_id  text,
                success     boolean,
                dropout     boolean,
                observed_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                key_id      text        NOT NULL);
            CREATE INDEX outcomes_pair_id ON {Outcomes} (pair_id);
            CREATE INDEX outcomes_request_id ON {Outcomes} (request_id);
            CREATE INDEX outcomes_first_participant ON {Outcomes} (split_part(pair_id, '→', 1));
            CREATE INDEX outcomes_second_participant ON {Outcomes} (split_part(pair_id, '→', 2));
            CREATE INDEX outcomes_received_at ON {Outcomes} (received_at);
            """),

        // The caller's own X-Request-Id, kept beside the server's request_id; null for rows logged before it.
        (2, "predictions.client_request_id", $"ALTER TABLE {Predictions} ADD COLUMN client_request_id text;"),
    ];

    /// <summary>The newest step this build knows.</summary>
    public static int Latest => Steps[^1].Version;

    /// <summary>Applies the steps the database lacks; returns how many were applied (0 when it was up to date).</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using NpgsqlConnection connection = await database.OpenConnectionAsync(ct);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock})", ct);
        await ExecuteAsync(connection, tx, $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Versions} (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now());
            """, ct);
        int current;
        await using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Versions}", connection, tx))
        {
            current = (int)(await read.ExecuteScalarAsync(ct))!;
        }

        if (current > Latest)
        {
            throw new PredictionLogDatabaseException(
                $"the prediction log database's schema is at version {current}, newer than this build knows ({Latest}): run a newer matchmodels");
        }

        int applied = 0;
        foreach ((int version, string description, string sql) in Steps.Where(s => s.Version > current))
        {
            await ExecuteAsync(connection, tx, sql, ct);
            await using var record = new NpgsqlCommand($"INSERT INTO {Versions} (version, description) VALUES ($1, $2)", connection, tx);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = description });
            await record.ExecuteNonQueryAsync(ct);
            applied++;
        }

        await tx.CommitAsync(ct);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}

using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using MatchModels.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MatchModels.Serving.Tests.PredictionLog.Postgres;

/// <summary>The PostgreSQL backend against a real server: what is acknowledged is committed, once per request id.</summary>
public sealed class PostgresLogTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    [PostgresFact]
    public async Task Every_acknowledged_append_is_a_committed_row_with_every_column_before_the_log_stops()
    {
        const int N = 2_000;
        string db = await pg.NewDatabaseAsync();
        await using PostgresLogs logs = await PostgresLogs.StartAsync(db);

        // Whole milliseconds: timestamptz keeps microseconds, DateTime ticks of 100 ns.
        var now = new DateTime(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

        // One record per request, so each has its own request id; 16 concurrent callers share commits.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (int i = t; i < N; i += 16)
            {
                await logs.Predictions.AppendAsync([PredictionLogTests.Record(i, now) with { RequestId = $"req-{i}", ClientRequestId = i % 2 == 0 ? null : $"hr-{i}" }]);
            }
        })));

        Assert.Equal(N, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        PredictionRecord expected = PredictionLogTests.Record(7, now) with { RequestId = "req-7", ClientRequestId = "hr-7" };
        PredictionRecord read = await ReadOneAsync(db, "req-7");
        Assert.True(read.SameAs(expected), $"read back {read} with features [{string.Join(", ", read.Features)}]");
        Assert.True(logs.Predictions.Written == N, $"{logs.Predictions.Written} written");
    }

    [PostgresFact]
    public async Task A_request_id_already_logged_by_another_replica_is_refused_and_keeps_none_of_its_rows()
    {
        string db = await pg.NewDatabaseAsync();
        await using PostgresLogs first = await PostgresLogs.StartAsync(db);
        await using PostgresLogs second = await PostgresLogs.StartAsync(db);
        DateTime now = DateTime.UtcNow;
        PredictionRecord[] one = [PredictionLogTests.Record(1, now) with { RequestId = "shared" }];
        PredictionRecord[] three = [.. Enumerable.Range(10, 3).Select(i => PredictionLogTests.Record(i, now) with { RequestId = "shared" })];

        await first.Predictions.AppendAsync(one);
        RequestIdTakenException refused = await Assert.ThrowsAsync<RequestIdTakenException>(async () => await second.Predictions.AppendAsync(three));
        await second.Predictions.AppendAsync([PredictionLogTests.Record(2, now) with { RequestId = "other" }]);

        Assert.Equal("shared", refused.RequestId);
        Assert.Equal(2, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions} WHERE request_id = 'shared'"));
    }

    [PostgresFact]
    public async Task Two_concurrent_appends_with_one_request_id_keep_the_first_only()
    {
        string db = await pg.NewDatabaseAsync();
        await using PostgresLogs logs = await PostgresLogs.StartAsync(db);
        DateTime now = DateTime.UtcNow;

        // Both queued at once: they meet in one group (refused before the COPY) or in two (refused by the claim).
        Task<Exception?>[] both = [.. Enumerable.Range(0, 2).Select(i => Catch(logs.Predictions.AppendAsync([PredictionLogTests.Record(i, now) with { RequestId = "twice" }])))];
        Exception?[] outcomes = await Task.WhenAll(both);

        Assert.Single(outcomes, e => e is null);
        Assert.Single(outcomes, e => e is RequestIdTakenException);
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
    }

    [PostgresFact]
    public async Task Shadow_rows_of_a_logged_request_are_kept_beside_its_primary_rows()
    {
        string db = await pg.NewDatabaseAsync();
        await using PostgresLogs logs = await PostgresLogs.StartAsync(db);
        DateTime now = DateTime.UtcNow;

        await logs.Predictions.AppendAsync([PredictionLogTests.Record(1, now) with { RequestId = "r" }]);
        int queued = logs.Predictions.TryAppend([PredictionLogTests.Record(2, now) with { RequestId = "r", Role = PredictionRecord.ShadowRole }], maxQueued: 100);
        await logs.DisposeAsync();

        Assert.Equal(1, queued);
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions} WHERE request_id = 'r' AND role = 'shadow'"));
    }

    [PostgresFact]
    public async Task Outcomes_are_committed_with_every_column()
    {
        string db = await pg.NewDatabaseAsync();
        await using PostgresLogs logs = await PostgresLogs.StartAsync(db);
        var at = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

        await logs.Outcomes.AppendAsync([
            new OutcomeRecord { PairId = "a→b", Success = true, ObservedAtUtc = at, ReceivedAtUtc = at.AddDays(1), KeyId = "k1" },
            new OutcomeRecord { RequestId = "req-1", Dropout = false, ObservedAtUtc = at, ReceivedAtUtc = at.AddDays(1), KeyId = "k2" },
        ]);

        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes} WHERE pair_id = 'a→b' AND success AND dropout IS NULL AND request_id IS NULL AND key_id = 'k1'"));
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes} WHERE request_id = 'req-1' AND NOT dropout AND success IS NULL AND observed_at = '2025-03-01T12:00:00Z'"));
    }

    [PostgresFact]
    public async Task The_migration_applies_once_when_four_processes_start_at_once_and_nothing_on_a_second_run()
    {
        string db = await pg.NewDatabaseAsync();

        // Separate pools, as separate processes would have: the advisory lock, not a shared connection, serialises them.
        int[] applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using NpgsqlDataSource source = NpgsqlDataSource.Create(db);
            return await LogSchema.MigrateAsync(source, default);
        })));
        await using NpgsqlDataSource again = NpgsqlDataSource.Create(db);

        Assert.Equal(LogSchema.Steps.Count, applied.Sum());
        Assert.Equal(0, await LogSchema.MigrateAsync(again, default));
        Assert.Equal(LogSchema.Steps.Count, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Versions}"));
    }

    [PostgresFact]
    public async Task A_database_of_the_first_schema_gains_client_request_id_and_its_old_rows_read_it_as_null()
    {
        string db = await pg.NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(db))
        {
            // The database as the first release left it: step 1 only, with one row.
            await connection.OpenAsync();
            await using var old = new NpgsqlCommand($"""
                CREATE SCHEMA {LogSchema.Schema};
                CREATE TABLE {LogSchema.Versions} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
                {LogSchema.Steps[0].Sql}
                INSERT INTO {LogSchema.Versions} (version, description) VALUES (1, '{LogSchema.Steps[0].Description}');
                INSERT INTO {LogSchema.Predictions} (request_id, role, ordinal, time, key_id, model, version, features, probability)
                    VALUES ('old-1', 'primary', 0, now(), 'k', 'pair-success', 1, ARRAY[1, 2]::real[], 0.5);
                """, connection);
            await old.ExecuteNonQueryAsync();
        }

        await using (PostgresLogs logs = await PostgresLogs.StartAsync(db))
        {
            await logs.Predictions.AppendAsync([PredictionLogTests.Record(1, DateTime.UtcNow) with { RequestId = "new-1", ClientRequestId = "hr-1" }]);
        }

        Assert.Null((await ReadOneAsync(db, "old-1")).ClientRequestId);
        Assert.Equal("hr-1", (await ReadOneAsync(db, "new-1")).ClientRequestId);
        Assert.Equal(LogSchema.Latest, await PostgresLogs.ScalarAsync(db, $"SELECT max(version) FROM {LogSchema.Versions}"));
    }

    [PostgresFact]
    public async Task A_schema_newer_than_this_build_is_refused_at_start()
    {
        string db = await pg.NewDatabaseAsync();
        await using (NpgsqlDataSource source = NpgsqlDataSource.Create(db))
        {
            await LogSchema.MigrateAsync(source, default);
            await using NpgsqlCommand newer = source.CreateCommand($"INSERT INTO {LogSchema.Versions} (version, description) VALUES ({LogSchema.Latest + 1}, 'from the future')");
            await newer.ExecuteNonQueryAsync();
        }

        PredictionLogDatabaseException e = await Assert.ThrowsAsync<PredictionLogDatabaseException>(() => Open(db));

        Assert.Contains($"newer than this build knows ({LogSchema.Latest})", e.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_wrong_password_an_unreachable_server_and_a_malformed_string_fail_the_start_with_messages_that_hold_no_password()
    {
        string db = await pg.NewDatabaseAsync();
        const string wrong = "not-the-password-1234";

        PredictionLogDatabaseException badPassword = await Assert.ThrowsAsync<PredictionLogDatabaseException>(() => Open(db.Replace(pg.Password, wrong, StringComparison.Ordinal)));
        PredictionLogDatabaseException unreachable = await Assert.ThrowsAsync<PredictionLogDatabaseException>(
            () => Open($"Host=127.0.0.1;Port=1;Database=x;Username=u;Password={wrong};Timeout=2"));
        PredictionLogDatabaseException malformed = await Assert.ThrowsAsync<PredictionLogDatabaseException>(() => Open($"Hots=127.0.0.1;Password={wrong}"));

        Assert.Contains("password authentication failed", badPassword.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid PostgreSQL connection string", malformed.Message, StringComparison.Ordinal);
        foreach (Exception e in (Exception[])[badPassword, unreachable, malformed])
        {
            Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        }
    }

    private static async Task Open(string connectionString)
    {
        await using var database = new PostgresLogDatabase(Options.Create(new PredictionLogOptions { ConnectionString = connectionString }), NullLogger<PostgresLogDatabase>.Instance);
        await database.OpenAsync(default);
    }

    private static async Task<Exception?> Catch(ValueTask append)
    {
        try
        {
            await append;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task<PredictionRecord> ReadOneAsync(string db, string requestId)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT {ParticipantRowsInDatabase.PredictionColumns} FROM {LogSchema.Predictions} WHERE request_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestId });
        await using NpgsqlDataReader r = await command.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"no row for {requestId}");
        return ParticipantRowsInDatabase.ReadPrediction(r);
    }
}

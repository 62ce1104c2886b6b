using System.Text.Json;
using MatchModels.Cli.Data;
using MatchModels.Serving.PredictionLog.Postgres;
using MatchModels.Tests.Postgres;
using Npgsql;

namespace MatchModels.Cli.Tests.Data;

/// <summary>data access, erase and retention over the prediction log's PostgreSQL database, named as serve reads it.</summary>
public sealed class PersonalDataDatabaseTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    [PostgresFact]
    public async Task Erase_then_access_finds_nothing_of_the_person_in_the_database_and_leaves_everyone_else()
    {
        using var dir = new TempDir();
        string db = await FilledDatabaseAsync();
        var environment = new Dictionary<string, string> { [PersonalDataCommands.DatabaseVariable] = db };
        string[] stores = ["--log", dir["log"], "--registry", dir["models"], "--json"];

        JsonElement before = Json(await CliProcess.RunAsync(environment, ["data", "access", "--participant", "alice", .. stores]));
        JsonElement erased = Json(await CliProcess.RunAsync(environment, ["data", "erase", "--participant", "alice", .. stores]));
        JsonElement after = Json(await CliProcess.RunAsync(environment, ["data", "access", "--participant", "alice", .. stores]));

        // Alice: two predictions, the outcome of her pair and the outcome of the request that scored only her pair.
        Assert.Equal((2, 2), (before.GetProperty("predictions").GetArrayLength(), before.GetProperty("outcomes").GetArrayLength()));
        Assert.Equal((2, 2), (erased.GetProperty("predictions").GetInt32(), erased.GetProperty("outcomes").GetInt32()));
        Assert.Equal((0, 0), (after.GetProperty("predictions").GetArrayLength(), after.GetProperty("outcomes").GetArrayLength()));
        Assert.Contains(after.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("PostgreSQL was searched too", StringComparison.Ordinal));
        Assert.Equal(2, await ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        Assert.Equal(1, await ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes}"));
    }

    [PostgresFact]
    public async Task Retention_removes_the_rows_older_than_the_period_from_the_database_and_a_dry_run_only_counts_them()
    {
        using var dir = new TempDir();
        string db = await FilledDatabaseAsync();
        var environment = new Dictionary<string, string> { [PersonalDataCommands.DatabaseVariable] = db };
        string[] args = ["data", "retention", "--predictions-days", "2", "--outcomes-days", "2", "--log", dir["log"], "--registry", dir["models"], "--json"];

        JsonElement dry = Json(await CliProcess.RunAsync(environment, [.. args, "--dry-run"]));
        Assert.Equal(4, await ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        JsonElement removed = Json(await CliProcess.RunAsync(environment, args));

        Assert.Equal((1, 1), (dry.GetProperty("predictions").GetInt32(), dry.GetProperty("outcomes").GetInt32()));
        Assert.Equal((1, 1), (removed.GetProperty("predictions").GetInt32(), removed.GetProperty("outcomes").GetInt32()));
        Assert.Equal(3, await ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        Assert.Equal(2, await ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes}"));
    }

    [PostgresFact]
    public async Task A_database_that_refuses_the_login_fails_access_with_one_line_and_no_password()
    {
        using var dir = new TempDir();
        string db = await pg.NewDatabaseAsync();
        const string wrong = "wrong-password-for-access";

        CliProcess.Result r = await CliProcess.RunAsync(
            new Dictionary<string, string> { [PersonalDataCommands.DatabaseVariable] = db.Replace(pg.Password, wrong, StringComparison.Ordinal) },
            "data", "access", "--participant", "alice", "--log", dir["log"], "--registry", dir["models"]);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("error: could not open the prediction log in PostgreSQL", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// alice→mentor-1 three days ago (request r1, with an outcome by pair three days old), alice→mentor-2 now (r2, with
    /// an outcome by request id), and bob's and carol's requests now (r3 with an outcome by request id, r4).
    /// </summary>
    private async Task<string> FilledDatabaseAsync()
    {
        string db = await pg.NewDatabaseAsync();
        await using NpgsqlDataSource source = NpgsqlDataSource.Create(db);
        await LogSchema.MigrateAsync(source, default);
        await using NpgsqlCommand fill = source.CreateCommand($$"""
            INSERT INTO {{LogSchema.Predictions}} (request_id, role, ordinal, time, key_id, model, version, pair_id, features, probability, label) VALUES
                ('r1', 'primary', 0, now() - interval '3 days', 'k', 'm', 1, 'alice→mentor-1', '{1}', 0.6, true),
                ('r2', 'primary', 0, now(), 'k', 'm', 1, 'alice→mentor-2', '{1}', 0.6, true),
                ('r3', 'primary', 0, now(), 'k', 'm', 1, 'bob→mentor-1', '{1}', 0.6, true),
                ('r4', 'primary', 0, now(), 'k', 'm', 1, 'carol→mentor-1', '{1}', 0.6, true);
            INSERT INTO {{LogSchema.Outcomes}} (pair_id, request_id, success, dropout, observed_at, received_at, key_id) VALUES
                ('alice→mentor-1', NULL, true, NULL, now(), now() - interval '3 days', 'k'),
                (NULL, 'r2', NULL, false, now(), now(), 'k'),
                (NULL, 'r3', true, NULL, now(), now(), 'k');
            """);
        await fill.ExecuteNonQueryAsync();
        return db;
    }

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Tests.Postgres;
using Npgsql;

namespace MatchModels.Cli.Tests.Serve;

/// <summary>
/// <c>matchmodels serve</c> with the prediction log in a real PostgreSQL (<c>Serving__PredictionLog__ConnectionString</c>):
/// two processes over one registry and one database, a kill -9 amid a burst, and a login the database refuses.
/// </summary>
public sealed class ServePostgresTests(TrainedRegistryFixture trained, PostgresCluster pg) : IClassFixture<TrainedRegistryFixture>, IClassFixture<PostgresCluster>
{
    private const string ConnectionVariable = "Serving__PredictionLog__ConnectionString";

    /// <summary>Requests each client of the two-replica burst sends: enough for both to commit many shared groups, little for CI.</summary>
    private const int RequestsPerClient = 150;

    /// <summary>Clients of the two-replica burst, half on each replica.</summary>
    private const int Clients = 4;

    /// <summary>ServedModels re-reads aliases.json every 250 ms; a promotion is visible well within this.</summary>
    private static readonly TimeSpan s_promotionVisibleWithin = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task Two_serve_processes_on_one_registry_and_one_database_both_see_a_promotion_and_log_every_acknowledged_request()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string key = await ServeEndToEndTests.PromoteAndCreateKeyAsync(registry, dir);
        string db = await pg.NewDatabaseAsync();
        var environment = new Dictionary<string, string> { [ConnectionVariable] = db };
        string[] args = ["--registry", registry.Path, "--keys", dir["keys.json"]];
        await using ServeProcess a = await ServeProcess.StartAsync(environment, args);
        await using ServeProcess b = await ServeProcess.StartAsync(environment, args);
        ServeProcess[] replicas = [a, b];
        Assert.All(await Task.WhenAll(replicas.Select(r => VersionAsync(r, key))), v => Assert.Equal(1, v));

        CliProcess.Result promoted = await CliProcess.RunAsync("models", "promote", "pair-success", "2", "--force", "--reason", "two replicas share the registry", "--registry", registry.Path, "--json");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        foreach (ServeProcess replica in replicas)
        {
            var waited = Stopwatch.StartNew();
            while (await VersionAsync(replica, key) != 2)
            {
                Assert.True(waited.Elapsed < s_promotionVisibleWithin, $"{replica.Url} still serves version 1 {s_promotionVisibleWithin.TotalSeconds} s after the promotion");
                await Task.Delay(100);
            }
        }

        var acknowledged = new ConcurrentDictionary<string, int>();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = replicas[c % 2].Url };
            for (int i = 0; i < RequestsPerClient; i++)
            {
                using HttpResponseMessage response = await http.SendAsync(ServeEndToEndTests.Keyed(key, ServeEndToEndTests.Body($"mentee-{c}-{i}", pairs: 1)));
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, body);
                Assert.True(acknowledged.TryAdd(JsonDocument.Parse(body).RootElement.GetProperty("request_id").GetString()!, 1), "request ids repeat");
            }
        })));

        Dictionary<string, long> logged = await LoggedAsync(db);
        Assert.Equal(Clients * RequestsPerClient, acknowledged.Count);
        Assert.Empty(acknowledged.Keys.Where(id => logged.GetValueOrDefault(id) != 1).Take(20));
        Assert.Equal(2, await ScalarAsync(db, "SELECT count(DISTINCT version) FROM matchmodels.predictions"));
    }

    [PostgresFact]
    public async Task A_kill_9_right_after_5000_acknowledged_predictions_loses_none_of_them_from_the_database()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string key = await ServeEndToEndTests.PromoteAndCreateKeyAsync(registry, dir);
        string db = await pg.NewDatabaseAsync();
        var environment = new Dictionary<string, string> { [ConnectionVariable] = db };
        string[] args = ["--registry", registry.Path, "--keys", dir["keys.json"]];
        ConcurrentDictionary<string, int> acknowledged;
        await using (ServeProcess server = await ServeProcess.StartAsync(environment, args))
        {
            acknowledged = await ServeCrashTests.BurstAsync(server, key);
            CliProcess.Result killed = await server.KillAsync();
            Assert.True(killed.ExitCode == 137, $"expected death by SIGKILL: {ServeProcess.Describe(killed)}");
        }

        Assert.InRange(acknowledged.Count, ServeCrashTests.Acknowledged, ServeCrashTests.Acknowledged + ServeCrashTests.Clients - 1);

        // A restart on the same database migrates nothing and serves again; what was committed is there either way.
        await using ServeProcess again = await ServeProcess.StartAsync(environment, args);
        Dictionary<string, long> logged = await LoggedAsync(db);
        Assert.Empty(acknowledged.Keys.Where(id => logged.GetValueOrDefault(id) != 1).Take(20));
    }

    [PostgresFact]
    public async Task Serve_with_a_password_the_database_refuses_exits_2_with_one_line_that_holds_no_password()
    {
        using var dir = new TempDir();
        const string wrong = "wrong-password-in-the-environment";
        string db = await pg.NewDatabaseAsync();
        using Process serve = CliProcess.Start(
            new Dictionary<string, string> { [ConnectionVariable] = db.Replace(pg.Password, wrong, StringComparison.Ordinal) },
            "serve", "--registry", trained.Registry, "--prediction-log", dir["log"], "--urls", "http://127.0.0.1:0");
        Task<string> stdout = serve.StandardOutput.ReadToEndAsync();
        Task<string> stderr = serve.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await serve.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;

        Assert.True(serve.ExitCode == 2, output);
        Assert.Contains("error: could not open the prediction log in PostgreSQL (database 'test_", await stderr, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    private static async Task<int> VersionAsync(ServeProcess server, string key)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        using HttpResponseMessage response = await http.SendAsync(ServeEndToEndTests.Keyed(key, ServeEndToEndTests.Body("mentee-version", pairs: 1)));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();
    }

    /// <summary>Rows per request id in the database.</summary>
    private static async Task<Dictionary<string, long>> LoggedAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT request_id, count(*) FROM matchmodels.predictions WHERE role = 'primary' GROUP BY request_id", connection);
        await using NpgsqlDataReader r = await command.ExecuteReaderAsync();
        var logged = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync())
        {
            logged[r.GetString(0)] = r.GetInt64(1);
        }

        return logged;
    }

    private static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

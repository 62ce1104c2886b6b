using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MatchModels.Serving.Tests.PredictionLog.Postgres;

/// <summary>A started pair of PostgreSQL logs over one database, as one serve process holds them; disposing stops them.</summary>
internal sealed class PostgresLogs : IAsyncDisposable
{
    private PostgresLogs(PostgresLogDatabase database, PostgresPredictionLog predictions, PostgresOutcomeLog outcomes)
    {
        Database = database;
        Predictions = predictions;
        Outcomes = outcomes;
    }

    public PostgresLogDatabase Database { get; }

    public PostgresPredictionLog Predictions { get; }

    public PostgresOutcomeLog Outcomes { get; }

    public static async Task<PostgresLogs> StartAsync(string connectionString, int capacity = 20_000)
    {
        IOptions<PredictionLogOptions> options = Options.Create(new PredictionLogOptions { ConnectionString = connectionString, Capacity = capacity });
        var database = new PostgresLogDatabase(options, NullLogger<PostgresLogDatabase>.Instance);
        var logs = new PostgresLogs(
            database,
            new PostgresPredictionLog(database, options, TimeProvider.System, NullLogger<PostgresPredictionLog>.Instance),
            new PostgresOutcomeLog(database, options, TimeProvider.System, NullLogger<PostgresOutcomeLog>.Instance));
        await logs.Predictions.StartAsync(default);
        await logs.Outcomes.StartAsync(default);
        return logs;
    }

    /// <summary>One number from <paramref name="sql"/>, read on a connection of its own (not the logs').</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Predictions.StopAsync(default);
        await Outcomes.StopAsync(default);
        await Predictions.DisposeAsync();
        await Outcomes.DisposeAsync();
        await Database.DisposeAsync();
    }
}

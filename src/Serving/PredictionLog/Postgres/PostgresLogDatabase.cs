using Microsoft.Extensions.Options;
using Npgsql;

namespace MatchModels.Serving.PredictionLog.Postgres;

/// <summary>
/// The prediction log's PostgreSQL database: one connection pool for both logs, opened and migrated
/// (<see cref="LogSchema.MigrateAsync"/>) once, by whichever log starts first. Every failure to reach it at start is a
/// <see cref="PredictionLogDatabaseException"/> that names the server, database and user, never the password.
/// </summary>
public sealed class PostgresLogDatabase(IOptions<PredictionLogOptions> options, ILogger<PostgresLogDatabase> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _opening = new(1, 1);
    private NpgsqlDataSource? _source;

    /// <summary>The open pool; only after <see cref="OpenAsync"/>.</summary>
    public NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("the prediction log database is not open yet");

    /// <summary>Where the log is, for messages: server, port, database and user; never the password.</summary>
    public string Where { get; private set; } = "the prediction log database";

    /// <summary>Parses the connection string, connects and migrates the schema, once; later calls return at once.</summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        await _opening.WaitAsync(ct);
        try
        {
            if (_source is not null)
            {
                return;
            }

            NpgsqlConnectionStringBuilder parsed = Parse(options.Value.ConnectionString);
            Where = $"database '{parsed.Database}' on {parsed.Host}:{parsed.Port} as '{parsed.Username}'";
            NpgsqlDataSource source = new NpgsqlDataSourceBuilder(parsed.ConnectionString).Build();
            try
            {
                int applied = await LogSchema.MigrateAsync(source, ct);
                log.LogInformation("Prediction log in PostgreSQL {Where}: schema at version {Version} ({Applied} step(s) applied now)", Where, LogSchema.Latest, applied);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                await source.DisposeAsync();

                // Npgsql's messages name the server and the user ("password authentication failed for user …"), not the password.
                throw new PredictionLogDatabaseException($"could not open the prediction log in PostgreSQL ({Where}): {e.Message}", e);
            }
            catch
            {
                await source.DisposeAsync();
                throw;
            }

            _source = source;
        }
        finally
        {
            _opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        _opening.Dispose();
    }

    private static NpgsqlConnectionStringBuilder Parse(string? connectionString)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
            {
                throw new PredictionLogDatabaseException($"{PredictionLogOptions.Section}:ConnectionString names no Host: give Host, Port, Database, Username and Password");
            }

            return parsed;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message can quote the text around the fault, which may be the password: say only what is expected.
            throw new PredictionLogDatabaseException(
                $"{PredictionLogOptions.Section}:ConnectionString is not a valid PostgreSQL connection string: expected keyword=value pairs separated by ';' (Host, Port, Database, Username, Password)");
        }
    }
}

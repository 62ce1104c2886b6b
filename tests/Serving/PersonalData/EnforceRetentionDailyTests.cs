using System.Net;
using System.Net.Http.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PersonalData;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Tests.Scoring;
using MatchModels.Tests.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace MatchModels.Serving.Tests.PersonalData;

/// <summary>
/// The server runs <c>data retention</c>'s pass itself: at start and then once a day by its clock (a
/// <see cref="FakeTimeProvider"/> here, over real Parquet files), logging counts only; a failing pass is logged and
/// retried the next day, and the host keeps serving.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class EnforceRetentionDailyTests(TrainedModels models, PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly DateTime s_now = new(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_pass_at_start_and_one_a_day_later_remove_what_has_aged_past_its_period_and_log_counts_only()
    {
        using var dir = new TempDir();
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        await DayPartitionedParquet.WriteAsync(predictions, [Prediction("req-old", 200), Prediction("req-edge", 189.5), Prediction("req-new", 1)], r => r.TimeUtc, s_now);
        await DayPartitionedParquet.WriteAsync(Path.Combine(dir.Path, PredictionLogReader.OutcomesFolder),
            [new OutcomeRecord { PairId = "alice→bob", ObservedAtUtc = s_now.AddDays(-300), ReceivedAtUtc = s_now.AddDays(-300), Success = true }], r => r.ReceivedAtUtc, s_now);
        var clock = new FakeTimeProvider(s_now);
        var logs = new CapturedLogs();
        using EnforceRetentionDaily daily = Daily(dir.Path, new RetentionOptions { PredictionDays = 190, OutcomeDays = 190 }, clock, logs);

        await daily.StartAsync(CancellationToken.None);
        await WaitUntil(() => daily.Passes == 1);
        string[] afterFirst = await RequestIds(dir.Path);
        clock.Advance(EnforceRetentionDaily.Interval - TimeSpan.FromMinutes(1));
        await Task.Delay(500);
        int beforeADay = daily.Passes;
        clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => daily.Passes == 2);
        string[] afterSecond = await RequestIds(dir.Path);
        await daily.StopAsync(CancellationToken.None);

        Assert.Equal(["req-edge", "req-new"], afterFirst);
        Assert.Equal(1, beforeADay);
        Assert.Equal(["req-new"], afterSecond);
        Assert.Empty(await PredictionLogReader.ReadOutcomesAsync(dir.Path, DateOnly.MinValue, DateOnly.MaxValue));
        CapturedLog[] passes = [.. logs.Entries.Where(e => e.Message.StartsWith("Retention removed", StringComparison.Ordinal))];
        Assert.Equal(2, passes.Length);
        Assert.All(passes, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal([1, 1], passes.Select(e => e.Fields["Predictions"]));
        Assert.Equal([1, 0], passes.Select(e => e.Fields["Outcomes"]));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("req-", StringComparison.Ordinal) || e.Message.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_pass_is_logged_and_the_next_day_tries_again()
    {
        using var dir = new TempDir();
        string day = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder, "day=2025-01-01");
        Directory.CreateDirectory(day);
        await File.WriteAllBytesAsync(Path.Combine(day, "part-damaged.parquet"), [.. "PAR1"u8, 1, 2, 3, .. "PAR1"u8]);
        var clock = new FakeTimeProvider(s_now);
        var logs = new CapturedLogs();
        using EnforceRetentionDaily daily = Daily(dir.Path, new RetentionOptions { PredictionDays = 190 }, clock, logs);

        await daily.StartAsync(CancellationToken.None);
        await WaitUntil(() => daily.Passes == 1);
        clock.Advance(EnforceRetentionDaily.Interval);
        await WaitUntil(() => daily.Passes == 2);
        await daily.StopAsync(CancellationToken.None);

        Assert.Equal(2, logs.Entries.Count(e => e.Level == LogLevel.Error && e.Message.StartsWith("Retention pass failed", StringComparison.Ordinal)));
        Assert.False(daily.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Without_a_period_nothing_runs_and_nothing_is_removed()
    {
        using var dir = new TempDir();
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        await DayPartitionedParquet.WriteAsync(predictions, [Prediction("req-ancient", 5_000)], r => r.TimeUtc, s_now);
        var logs = new CapturedLogs();
        using EnforceRetentionDaily daily = Daily(dir.Path, new RetentionOptions(), new FakeTimeProvider(s_now), logs);

        await daily.StartAsync(CancellationToken.None);
        await daily.ExecuteTask!;

        Assert.Equal(0, daily.Passes);
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Retention is off", StringComparison.Ordinal));
        Assert.Equal(["req-ancient"], await RequestIds(dir.Path));
    }

    [Fact]
    public async Task The_host_keeps_serving_while_its_retention_pass_fails()
    {
        using var log = new TempDir();
        string day = Path.Combine(log.Path, PredictionLogReader.PredictionsFolder, "day=2025-01-01");
        Directory.CreateDirectory(day);
        await File.WriteAllBytesAsync(Path.Combine(day, "part-damaged.parquet"), [.. "PAR1"u8, 9, 9, .. "PAR1"u8]);
        var logs = new CapturedLogs();
        using var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Retention:PredictionDays", "190"))
            .WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using HttpClient client = host.CreateClient();
        EnforceRetentionDaily daily = host.Services.GetRequiredService<EnforceRetentionDaily>();
        await WaitUntil(() => daily.Passes == 1);

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Bodies.Predict());

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("Retention pass failed", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task With_the_postgresql_log_the_pass_removes_its_old_rows_too()
    {
        string db = await pg.NewDatabaseAsync();
        await using (NpgsqlDataSource source = NpgsqlDataSource.Create(db))
        {
            await LogSchema.MigrateAsync(source, default);
            await using NpgsqlCommand rows = source.CreateCommand($"""
                INSERT INTO {LogSchema.Predictions} (request_id, role, ordinal, time, key_id, model, version, features, probability)
                VALUES ('req-old', 'primary', 0, now() - interval '200 days', 'k', 'pair-success', 1, ARRAY[1]::real[], 0.5),
                       ('req-new', 'primary', 0, now() - interval '1 day', 'k', 'pair-success', 1, ARRAY[1]::real[], 0.5);
                """);
            await rows.ExecuteNonQueryAsync();
        }

        var logs = new CapturedLogs();
        using var host = models.Host(null, ("Serving:PredictionLog:ConnectionString", db), ("Serving:Retention:PredictionDays", "190"))
            .WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using HttpClient client = host.CreateClient();
        await WaitUntil(() => host.Services.GetRequiredService<EnforceRetentionDaily>().Passes == 1);

        await using NpgsqlDataSource check = NpgsqlDataSource.Create(db);
        await using NpgsqlCommand left = check.CreateCommand($"SELECT string_agg(request_id, ',') FROM {LogSchema.Predictions}");
        Assert.Equal("req-new", await left.ExecuteScalarAsync());
        CapturedLog pass = Assert.Single(logs.Entries, e => e.Message.StartsWith("Retention removed", StringComparison.Ordinal));
        Assert.Equal(1, pass.Fields["Predictions"]);
    }

    [Theory]
    [InlineData("Serving:Retention:PredictionDays", "0")]
    [InlineData("Serving:Retention:RunDays", "-5")]
    public async Task A_period_below_one_day_stops_the_host_at_start(string key, string value)
    {
        using var dir = new TempDir();
        await using Microsoft.AspNetCore.Builder.WebApplication app = ServingHost.Build([
            "--urls", "http://127.0.0.1:0", "--Serving:Registry", models.Registry, "--Serving:KeysFile", models.KeysFile,
            "--Serving:PredictionLog:Folder", dir["log"], $"--{key}", value]);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Serving:Retention:PredictionDays, OutcomeDays and RunDays are whole numbers of days ≥ 1", e.Message, StringComparison.Ordinal);
    }

    private static PredictionRecord Prediction(string requestId, double daysAgo) => new()
    {
        RequestId = requestId,
        TimeUtc = s_now.AddDays(-daysAgo),
        KeyId = "key_0123456789ab",
        Model = "pair-success",
        Version = 1,
        PairId = "alice→bob",
        Features = [1f, 2f],
        Probability = 0.5,
    };

    private static EnforceRetentionDaily Daily(string logFolder, RetentionOptions retention, TimeProvider clock, CapturedLogs logs) =>
        new(Options.Create(retention), Options.Create(new PredictionLogOptions { Folder = logFolder }), Options.Create(new ServingOptions { Registry = Path.Combine(logFolder, "no-registry") }),
            [], clock, new LoggerFactory([logs]).CreateLogger<EnforceRetentionDaily>());

    private static async Task<string[]> RequestIds(string logFolder) =>
        [.. (await PredictionLogReader.ReadPredictionsAsync(logFolder, DateOnly.MinValue, DateOnly.MaxValue)).Select(r => r.RequestId).Order(StringComparer.Ordinal)];

    private static async Task WaitUntil(Func<bool> condition)
    {
        // A wait for background work, not a timing assertion: the bound only keeps a broken service from hanging the run.
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the retention pass did not finish");
    }
}

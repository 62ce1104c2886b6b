using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Tests.PredictionLog;

public sealed class PredictionLogTests
{
    private static readonly DateTime s_day1 = new(2025, 3, 30, 22, 0, 0, DateTimeKind.Utc);

    private static PredictionRecord Record(int i, DateTime at) => new()
    {
        RequestId = $"req-{i / 10}",
        TimeUtc = at,
        KeyId = "key_0123456789ab",
        Model = "pair-success",
        Version = 1 + (i % 3),
        PairId = i % 4 == 0 ? null : $"pair-{i}",
        Features = [i, i * 0.5f, -1f, float.MaxValue],
        Probability = i / 10_000.0,
        Label = i % 5 == 0 ? null : i % 2 == 0,
    };

    [Fact]
    public async Task Records_land_in_day_partitions_and_read_back_exactly_by_date_range()
    {
        using var dir = new TempDir();
        var options = new PredictionLogOptions { Folder = dir.Path, BatchSize = 1_000, FlushSeconds = 60 };
        var writer = new PredictionLogWriter(Options.Create(options), TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);
        // 3,000 records a minute apart from 22:00 on 30 March: they span 30 March, 31 March and 1 April.
        var records = Enumerable.Range(0, 3_000).Select(i => Record(i, s_day1.AddMinutes(i))).ToList();

        await writer.StartAsync(default);
        await writer.AppendAsync(records);
        await writer.StopAsync(default);

        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        Assert.Equal(["date=2025-03-30", "date=2025-03-31", "date=2025-04-01"],
            Directory.GetDirectories(predictions).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(predictions, "*", SearchOption.AllDirectories),
            f => Assert.Matches(@"^part-\d{8}T\d{9}Z-[0-9a-f]{32}\.parquet$", Path.GetFileName(f)));
        IReadOnlyList<PredictionRecord> all = await PredictionLogReader.ReadPredictionsAsync(dir.Path, new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 30));
        Assert.Equal(records.Count, all.Count);
        var byPair = all.OrderBy(r => r.TimeUtc).ToList();
        for (int i = 0; i < records.Count; i++)
        {
            Assert.True(records[i].SameAs(byPair[i]), $"record {i}: wrote {records[i]}, read {byPair[i]}");
        }

        IReadOnlyList<PredictionRecord> middle = await PredictionLogReader.ReadPredictionsAsync(dir.Path, new DateOnly(2025, 3, 31), new DateOnly(2025, 4, 1));
        Assert.Equal(records.Count(r => r.TimeUtc.Date is { Month: 3, Day: 31 } or { Month: 4, Day: 1 }), middle.Count);
        Assert.All(middle, r => Assert.InRange(r.TimeUtc, new DateTime(2025, 3, 31, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 4, 2, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1)));
        Assert.Equal(0, writer.QueueDepth);
        Assert.Equal(records.Count, writer.Written);
    }

    [Fact]
    public async Task A_quiet_log_is_flushed_after_the_interval_without_stopping()
    {
        using var dir = new TempDir();
        var options = new PredictionLogOptions { Folder = dir.Path, BatchSize = 1_000, FlushSeconds = 0.2 };
        var writer = new PredictionLogWriter(Options.Create(options), TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(default);

        await writer.AppendAsync(Record(1, DateTime.UtcNow));
        DateTime giveUp = DateTime.UtcNow.AddSeconds(30);
        while (writer.Written == 0 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, writer.Written);
        Assert.Equal(0, writer.QueueDepth);
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task An_append_to_a_full_log_is_refused_after_the_timeout_rather_than_dropped_silently()
    {
        using var dir = new TempDir();
        var options = new PredictionLogOptions { Folder = dir.Path, Capacity = 2, EnqueueTimeoutSeconds = 0.1 };
        // Not started: nothing drains the queue, so the third record finds it full.
        var writer = new PredictionLogWriter(Options.Create(options), TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);
        await writer.AppendAsync([Record(0, s_day1), Record(1, s_day1)]);

        await Assert.ThrowsAsync<PredictionLogUnavailableException>(async () => await writer.AppendAsync(Record(2, s_day1)));

        Assert.Equal(1, writer.Refused);
        Assert.Equal(2, writer.QueueDepth);
    }

    [Fact]
    public async Task A_bounded_append_takes_records_only_under_its_limit_and_never_waits()
    {
        using var dir = new TempDir();
        var options = new PredictionLogOptions { Folder = dir.Path, Capacity = 10, EnqueueTimeoutSeconds = 60 };
        // Not started: nothing drains the queue, so the depth is exactly what was appended.
        var writer = new PredictionLogWriter(Options.Create(options), TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);

        Assert.Equal(3, writer.TryAppend([Record(0, s_day1), Record(1, s_day1), Record(2, s_day1)], maxQueued: 5));
        Assert.Equal(0, writer.TryAppend([Record(3, s_day1), Record(4, s_day1), Record(5, s_day1)], maxQueued: 5));
        Assert.Equal(2, writer.TryAppend([Record(3, s_day1), Record(4, s_day1)], maxQueued: 5));
        await writer.AppendAsync(Record(5, s_day1));

        Assert.Equal(6, writer.QueueDepth);
        Assert.Equal(0, writer.Refused);
    }

    [Fact]
    public async Task Stopping_the_host_right_after_appending_writes_every_record()
    {
        const int N = 50_000;
        using var keep = new TempDir();
        string folder = keep.Path;
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = folder, ["Serving:PredictionLog:BatchSize"] = "7000", ["Serving:PredictionLog:FlushSeconds"] = "60" });
        try
        {
            PredictionLogWriter log = host.Services.GetRequiredService<PredictionLogWriter>();
            DateTime now = DateTime.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
            {
                for (int i = t; i < N; i += 4)
                {
                    await log.AppendAsync(Record(i, now));
                }
            })));
            Assert.True(log.QueueDepth > 0, "the test must stop the host while records are still queued");

            await host.DisposeAsync();

            IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(folder, DateOnly.FromDateTime(now), DateOnly.FromDateTime(now));
            Assert.Equal(Enumerable.Range(0, N), read.Select(r => (int)r.Features[0]).Order());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}

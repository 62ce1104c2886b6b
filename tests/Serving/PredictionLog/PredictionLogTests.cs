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

    internal static PredictionRecord Record(int i, DateTime at) => new()
    {
        RequestId = $"req-{i / 10}",
        TimeUtc = at,
        KeyId = "key_0123456789ab",
        Model = "pair-success",
        Version = 1 + (i % 3),
        PairId = i % 4 == 0 ? null : $"pair-{i}",
        Features = [i, i * 0.5f, -1f, float.MaxValue, i % 7 == 0 ? float.NaN : 0f],
        Probability = i / 10_000.0,
        Label = i % 5 == 0 ? null : i % 2 == 0,
    };

    internal static PredictionLogWriter Writer(string folder, double segmentSeconds = 600, int capacity = 20_000, double enqueueTimeoutSeconds = 2) =>
        new(Options.Create(new PredictionLogOptions { Folder = folder, SegmentSeconds = segmentSeconds, Capacity = capacity, EnqueueTimeoutSeconds = enqueueTimeoutSeconds }),
            TimeProvider.System, NullLogger<PredictionLogWriter>.Instance);

    internal static string Wal(string folder) => Path.Combine(folder, PredictionLogReader.PredictionsFolder, WalSegments.FolderName);

    [Fact]
    public async Task Records_land_in_day_partitions_and_read_back_exactly_by_date_range()
    {
        using var dir = new TempDir();
        using PredictionLogWriter writer = Writer(dir.Path);
        // 3,000 records a minute apart from 22:00 on 30 March: they span 30 March, 31 March and 1 April.
        var records = Enumerable.Range(0, 3_000).Select(i => Record(i, s_day1.AddMinutes(i))).ToList();

        await writer.StartAsync(default);
        await writer.AppendAsync(records);
        await writer.StopAsync(default);

        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        Assert.Equal(["day=2025-03-30", "day=2025-03-31", "day=2025-04-01"],
            Directory.GetDirectories(predictions).Select(Path.GetFileName).Where(d => d != WalSegments.FolderName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(predictions, "*.parquet", SearchOption.AllDirectories),
            f => Assert.Matches(@"^part-\d{8}T\d{9}Z-[0-9a-f]{32}-\d{6}\.parquet$", Path.GetFileName(f)));
        Assert.Empty(Directory.GetFiles(Wal(dir.Path)));
        IReadOnlyList<PredictionRecord> all = await PredictionLogReader.ReadPredictionsAsync(dir.Path, new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 30));
        Assert.Equal(records.Count, all.Count);
        var byTime = all.OrderBy(r => r.TimeUtc).ToList();
        for (int i = 0; i < records.Count; i++)
        {
            Assert.True(records[i].SameAs(byTime[i]), $"record {i}: wrote {records[i]}, read {byTime[i]}");
        }

        IReadOnlyList<PredictionRecord> middle = await PredictionLogReader.ReadPredictionsAsync(dir.Path, new DateOnly(2025, 3, 31), new DateOnly(2025, 4, 1));
        Assert.Equal(records.Count(r => r.TimeUtc.Date is { Month: 3, Day: 31 } or { Month: 4, Day: 1 }), middle.Count);
        Assert.All(middle, r => Assert.InRange(r.TimeUtc, new DateTime(2025, 3, 31, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 4, 2, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1)));
        Assert.Equal(0, writer.QueueDepth);
        Assert.Equal(records.Count, writer.Written);
        Assert.Equal(records.Count, writer.Compacted);
    }

    [Fact]
    public async Task An_append_returns_only_once_its_records_are_whole_frames_in_the_write_ahead_log()
    {
        using var dir = new TempDir();
        using PredictionLogWriter writer = Writer(dir.Path);
        await writer.StartAsync(default);
        var records = Enumerable.Range(0, 5).Select(i => Record(i, s_day1)).ToList();

        await writer.AppendAsync(records);

        // No stop, no compaction (segments close after 600 s): what the append promised must already be in the segment.
        string segment = Assert.Single(Directory.GetFiles(Wal(dir.Path), "*" + WalSegments.SegmentExtension));
        byte[] bytes;
        using (var shared = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[shared.Length];
            shared.ReadExactly(bytes);
        }

        WalFrames.Contents contents = WalFrames.Read(bytes);
        Assert.Equal(0, contents.TornBytes);
        Assert.Equal(records.Select(r => r.PairId), contents.Frames.Select(f => System.Text.Json.JsonSerializer.Deserialize(f.Span, WalRecordJson.Default.PredictionRecord)!.PairId));
        Assert.Empty(await PredictionLogReader.ReadPredictionsAsync(dir.Path, DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Equal(5, writer.Written);
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task A_quiet_log_closes_its_segment_and_compacts_it_into_parquet_without_stopping()
    {
        using var dir = new TempDir();
        using PredictionLogWriter writer = Writer(dir.Path, segmentSeconds: 0.2);
        await writer.StartAsync(default);

        await writer.AppendAsync(Record(1, DateTime.UtcNow));
        DateTime giveUp = DateTime.UtcNow.AddSeconds(30);
        while (writer.Compacted == 0 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, writer.Compacted);
        Assert.Single(await PredictionLogReader.ReadPredictionsAsync(dir.Path, DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Empty(Directory.GetFiles(Wal(dir.Path), "*" + WalSegments.SegmentExtension));
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task An_append_to_a_full_log_is_refused_after_the_timeout_rather_than_dropped_silently()
    {
        using var dir = new TempDir();
        // Not started: nothing writes, so the first two records stay queued and the third finds no room.
        using PredictionLogWriter writer = Writer(dir.Path, capacity: 2, enqueueTimeoutSeconds: 0.1);
        Task waiting = writer.AppendAsync([Record(0, s_day1), Record(1, s_day1)]).AsTask();

        await Assert.ThrowsAsync<PredictionLogUnavailableException>(async () => await writer.AppendAsync(Record(2, s_day1)));

        Assert.False(waiting.IsCompleted, "an append must not return before its records are on disk");
        Assert.Equal(1, writer.Refused);
        Assert.Equal(2, writer.QueueDepth);
    }

    [Fact]
    public async Task A_batch_larger_than_the_capacity_is_taken_when_the_queue_is_empty()
    {
        using var dir = new TempDir();
        using PredictionLogWriter writer = Writer(dir.Path, capacity: 2, enqueueTimeoutSeconds: 0.1);
        await writer.StartAsync(default);

        await writer.AppendAsync(Enumerable.Range(0, 5).Select(i => Record(i, s_day1)));

        Assert.Equal(5, writer.Written);
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task A_bounded_append_takes_records_only_under_its_limit_and_never_waits()
    {
        using var dir = new TempDir();
        // Not started: nothing drains the queue, so the depth is exactly what was appended.
        using PredictionLogWriter writer = Writer(dir.Path, capacity: 10, enqueueTimeoutSeconds: 60);

        Assert.Equal(3, writer.TryAppend([Record(0, s_day1), Record(1, s_day1), Record(2, s_day1)], maxQueued: 5));
        Assert.Equal(0, writer.TryAppend([Record(3, s_day1), Record(4, s_day1), Record(5, s_day1)], maxQueued: 5));
        Assert.Equal(2, writer.TryAppend([Record(3, s_day1), Record(4, s_day1)], maxQueued: 5));
        Task waiting = writer.AppendAsync(Record(5, s_day1)).AsTask();

        Assert.Equal(6, writer.QueueDepth);
        Assert.Equal(0, writer.Refused);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task An_append_after_stop_is_refused()
    {
        using var dir = new TempDir();
        using PredictionLogWriter writer = Writer(dir.Path);
        await writer.StartAsync(default);
        await writer.StopAsync(default);

        await Assert.ThrowsAsync<PredictionLogUnavailableException>(async () => await writer.AppendAsync(Record(0, s_day1)));
        Assert.Equal(0, writer.TryAppend([Record(1, s_day1)], maxQueued: 100));
        Assert.Equal(1, writer.Refused);
    }

    [Fact]
    public async Task An_unwritable_folder_refuses_appends_and_a_writable_one_takes_them_again()
    {
        using var dir = new TempDir();
        // A file where the predictions folder belongs makes every write fail, as a full or read-only disk would.
        string blocker = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        await File.WriteAllTextAsync(blocker, "");
        using PredictionLogWriter writer = Writer(dir.Path);
        await writer.StartAsync(default);

        await Assert.ThrowsAsync<PredictionLogUnavailableException>(async () => await writer.AppendAsync(Record(0, s_day1)));
        File.Delete(blocker);
        await writer.AppendAsync(Record(1, s_day1));
        await writer.StopAsync(default);

        Assert.Equal(["pair-1"], (await PredictionLogReader.ReadPredictionsAsync(dir.Path, DateOnly.MinValue, DateOnly.MaxValue)).Select(r => r.PairId));
        Assert.Equal((1, 1), (writer.Refused, writer.Written));
        Assert.Equal(0, writer.QueueDepth);
    }

    [Fact]
    public async Task Every_record_appended_by_concurrent_requests_is_in_parquet_after_stopping_the_host()
    {
        const int N = 4_000;
        using var keep = new TempDir();
        string folder = keep.Path;
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = folder, ["Serving:PredictionLog:SegmentBytes"] = "100000" });
        try
        {
            PredictionLogWriter log = host.Services.GetRequiredService<PredictionLogWriter>();
            DateTime now = DateTime.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
            {
                for (int i = t; i < N; i += 16)
                {
                    await log.AppendAsync(Record(i, now));
                }
            })));
            Assert.True(log.Written == N, $"{log.Written} of {N} records written before stop");

            await host.DisposeAsync();

            IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(folder, DateOnly.FromDateTime(now), DateOnly.FromDateTime(now));
            Assert.Equal(Enumerable.Range(0, N), read.Select(r => (int)r.Features[0]).Order());
            Assert.True(Directory.GetFiles(Path.Combine(folder, PredictionLogReader.PredictionsFolder), "*.parquet", SearchOption.AllDirectories).Length > 1,
                "100 kB segments: the records must have been compacted from several segments");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}

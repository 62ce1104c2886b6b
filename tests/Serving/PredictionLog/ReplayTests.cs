using System.Buffers;
using System.Text.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Tests.PredictionLog;

/// <summary>
/// Write-ahead segments left behind, replayed into Parquet when a log starts: those of dead processes (no one holds
/// their lock), with a torn last record dropped, and never those of a live replica sharing the folder.
/// </summary>
public sealed class ReplayTests
{
    private static readonly DateTime s_at = new(2025, 3, 30, 23, 59, 0, DateTimeKind.Utc);

    /// <summary>Writes a segment as a process named <paramref name="owner"/> would have, records <paramref name="from"/> to <paramref name="to"/> (exclusive), optionally with half a frame after them.</summary>
    private static string DeadSegment(string wal, string owner, int sequence, int from, int to, bool tornTail = false)
    {
        Directory.CreateDirectory(wal);
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(WalFrames.Header);
        for (int i = from; i < to; i++)
        {
            // A minute apart from 23:59: the records of one segment span two days.
            WalFrames.Write(buffer, JsonSerializer.SerializeToUtf8Bytes(PredictionLogTests.Record(i, s_at.AddMinutes(i - from)), WalRecordJson.Default.PredictionRecord));
        }

        byte[] bytes = buffer.WrittenSpan.ToArray();
        if (tornTail)
        {
            var last = new ArrayBufferWriter<byte>();
            WalFrames.Write(last, JsonSerializer.SerializeToUtf8Bytes(PredictionLogTests.Record(9_999, s_at), WalRecordJson.Default.PredictionRecord));
            bytes = [.. bytes, .. last.WrittenSpan[..(last.WrittenCount / 2)]];
        }

        string path = WalSegments.SegmentPath(wal, owner, sequence);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<IReadOnlyList<int>> LoggedAsync(string folder) =>
        [.. (await PredictionLogReader.ReadPredictionsAsync(folder, DateOnly.MinValue, DateOnly.MaxValue)).Select(r => (int)r.Features[0]).Order()];

    [Fact]
    public async Task Segments_of_a_dead_process_are_replayed_at_start_into_parquet_and_then_removed()
    {
        using var dir = new TempDir();
        string wal = PredictionLogTests.Wal(dir.Path);
        string dead = WalSegments.NewOwner(s_at);
        DeadSegment(wal, dead, 1, 0, 40);
        DeadSegment(wal, dead, 2, 40, 50);
        // The dead process's lock file is still there; nothing holds it any more.
        await File.WriteAllTextAsync(WalSegments.LockPath(wal, dead), "");
        using PredictionLogWriter writer = PredictionLogTests.Writer(dir.Path);

        await writer.StartAsync(default);

        Assert.Equal(Enumerable.Range(0, 50), await LoggedAsync(dir.Path));
        Assert.Equal(50, writer.Compacted);
        Assert.DoesNotContain(Directory.GetFiles(wal), f => Path.GetFileName(f).StartsWith(dead, StringComparison.Ordinal));
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        Assert.Equal(
            [
                $"day=2025-03-30/part-{dead}-000001.parquet", $"day=2025-03-30/part-{dead}-000002.parquet",
                $"day=2025-03-31/part-{dead}-000001.parquet", $"day=2025-03-31/part-{dead}-000002.parquet",
            ],
            Directory.GetFiles(predictions, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(predictions, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task A_torn_last_record_is_dropped_with_a_warning_and_the_whole_ones_are_kept()
    {
        using var dir = new TempDir();
        string wal = PredictionLogTests.Wal(dir.Path);
        string dead = WalSegments.NewOwner(s_at);
        DeadSegment(wal, dead, 1, 0, 7, tornTail: true);
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var writer = new PredictionLogWriter(Options.Create(new PredictionLogOptions { Folder = dir.Path, SegmentSeconds = 600 }), TimeProvider.System, factory.CreateLogger<PredictionLogWriter>());

        await writer.StartAsync(default);

        Assert.Equal(Enumerable.Range(0, 7), await LoggedAsync(dir.Path));
        CapturedLog warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("never acknowledged", warning.Message, StringComparison.Ordinal);
        Assert.Equal(7, warning.Fields["Count"]);
        Assert.False(File.Exists(WalSegments.SegmentPath(wal, dead, 1)));
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task A_live_replicas_segments_are_left_alone_and_replayed_once_it_is_gone()
    {
        using var dir = new TempDir();
        string wal = PredictionLogTests.Wal(dir.Path);
        string replica = WalSegments.NewOwner(s_at);
        Directory.CreateDirectory(wal);
        WalOwnerLock alive = WalOwnerLock.TryAcquire(wal, replica)!;
        string segment = DeadSegment(wal, replica, 1, 0, 3);
        // Segments close (and dead processes are looked for) every 0.2 s.
        using PredictionLogWriter writer = PredictionLogTests.Writer(dir.Path, segmentSeconds: 0.2);

        await writer.StartAsync(default);
        await Task.Delay(600);

        Assert.True(File.Exists(segment), "a segment whose owner holds its lock must not be replayed");
        Assert.Empty(await LoggedAsync(dir.Path));
        Assert.Null(WalOwnerLock.TryAcquire(wal, replica));

        alive.Dispose();
        DateTime giveUp = DateTime.UtcNow.AddSeconds(30);
        while (writer.Compacted < 3 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(50);
        }

        Assert.Equal([0, 1, 2], await LoggedAsync(dir.Path));
        Assert.False(File.Exists(segment));
        Assert.False(File.Exists(WalSegments.LockPath(wal, replica)), "a replayed owner's lock file is retired");
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task A_process_that_dies_without_stopping_has_its_acknowledged_records_replayed_by_the_next()
    {
        using var dir = new TempDir();
        // The first writer "dies": its handles close (as the kernel closes a killed process's files) and it is never
        // stopped, so nothing of it reaches Parquet. Its segments would close only after 600 s.
        PredictionLogWriter first = PredictionLogTests.Writer(dir.Path);
        await first.StartAsync(default);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => first.AppendAsync(Enumerable.Range(t * 10, 10).Select(i => PredictionLogTests.Record(i, s_at))).AsTask()));
        first.Dispose();
        Assert.Empty(await LoggedAsync(dir.Path));
        using PredictionLogWriter second = PredictionLogTests.Writer(dir.Path);

        await second.StartAsync(default);

        Assert.Equal(Enumerable.Range(0, 80), await LoggedAsync(dir.Path));
        await second.StopAsync(default);
        Assert.Empty(Directory.GetFiles(PredictionLogTests.Wal(dir.Path)));
    }

    [Fact]
    public async Task Compacting_a_segment_again_after_a_crash_part_way_duplicates_no_row()
    {
        using var dir = new TempDir();
        string wal = PredictionLogTests.Wal(dir.Path);
        string owner = WalSegments.NewOwner(s_at);
        string segment = DeadSegment(wal, owner, 1, 0, 5);
        byte[] copy = await File.ReadAllBytesAsync(segment);
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        await CompactWalSegment.RunAsync(segment, predictions, (PredictionRecord r) => r.TimeUtc, WalRecordJson.Default.PredictionRecord, NullLogger.Instance);
        // As if the process had died after writing the first day's file but before the second's and the deletion.
        File.Delete(Directory.GetFiles(Path.Combine(predictions, "day=2025-03-31")).Single());
        await File.WriteAllBytesAsync(segment, copy);

        CompactWalSegment.Outcome again = await CompactWalSegment.RunAsync(segment, predictions, (PredictionRecord r) => r.TimeUtc, WalRecordJson.Default.PredictionRecord, NullLogger.Instance);

        Assert.Equal(5, again.Records);
        Assert.Equal(Enumerable.Range(0, 5), await LoggedAsync(dir.Path));
    }

    [Fact]
    public async Task A_file_in_the_write_ahead_folder_that_is_not_a_segment_is_kept_and_reported_not_deleted()
    {
        using var dir = new TempDir();
        string wal = PredictionLogTests.Wal(dir.Path);
        string dead = WalSegments.NewOwner(s_at);
        Directory.CreateDirectory(wal);
        string stranger = WalSegments.SegmentPath(wal, dead, 1);
        await File.WriteAllTextAsync(stranger, "not a segment");
        DeadSegment(wal, dead, 2, 0, 2);
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var writer = new PredictionLogWriter(Options.Create(new PredictionLogOptions { Folder = dir.Path, SegmentSeconds = 600 }), TimeProvider.System, factory.CreateLogger<PredictionLogWriter>());

        await writer.StartAsync(default);

        Assert.True(File.Exists(stranger));
        Assert.True(File.Exists(WalSegments.LockPath(wal, dead)), "the owner keeps its lock file while one of its segments is left");
        Assert.Equal([0, 1], await LoggedAsync(dir.Path));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(stranger, StringComparison.Ordinal));
        await writer.StopAsync(default);
    }

    [Fact]
    public async Task Files_of_the_older_date_partitions_move_to_day_partitions_at_start()
    {
        using var dir = new TempDir();
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        await DayPartitionedParquet.WriteAsync(predictions, [PredictionLogTests.Record(0, s_at), PredictionLogTests.Record(1, s_at.AddDays(1))], r => r.TimeUtc, s_at);
        foreach (string day in Directory.GetDirectories(predictions, "day=*"))
        {
            Directory.Move(day, Path.Combine(predictions, "date=" + Path.GetFileName(day)["day=".Length..]));
        }

        Assert.Equal([0, 1], await LoggedAsync(dir.Path));
        using PredictionLogWriter writer = PredictionLogTests.Writer(dir.Path);

        await writer.StartAsync(default);

        Assert.Empty(Directory.GetDirectories(predictions, "date=*"));
        Assert.Equal(["day=2025-03-30", "day=2025-03-31"], Directory.GetDirectories(predictions, "day=*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([0, 1], await LoggedAsync(dir.Path));
        await writer.StopAsync(default);
    }
}

using MatchModels.Core.PersonalData;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Tests.Tables;
using Xunit.Abstractions;

namespace MatchModels.Core.Tests.PredictionLog;

/// <summary>
/// Damaged copies of a real prediction log file (written as compaction writes one), as DamagedParquetTests does
/// for the history tables: truncated, bytes flipped, the footer garbled, the magic bytes kept. What <c>monitor</c>
/// (through <see cref="PredictionLogReader"/>) and <c>data access</c>, <c>erase</c> and <c>retention</c> (through
/// <see cref="LogFiles"/>) read must turn each into an <see cref="InvalidDataException"/> naming the file, or read it.
/// </summary>
public sealed class DamagedLogFileTests(ITestOutputHelper output)
{
    private static readonly DateTime s_at = new(2025, 3, 30, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Thousands_of_damaged_variants_of_a_log_file_are_refused_naming_the_file_never_a_crash()
    {
        using var dir = new TempDir();
        string predictions = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);
        string file = Assert.Single(await DayPartitionedParquet.WriteAsync(predictions, [.. Enumerable.Range(0, 500).Select(Row)], r => r.TimeUtc, s_at));
        byte[] original = await File.ReadAllBytesAsync(file);
        DateOnly day = DateOnly.FromDateTime(s_at);
        int refused = 0, readable = 0, endless = 0, i = 0;
        foreach ((string name, byte[] bytes) in DamagedParquetTests.Variants(original))
        {
            await File.WriteAllBytesAsync(file, bytes);
            Exception? monitor = await Record.ExceptionAsync(() => PredictionLogReader.ReadPredictionsAsync(dir.Path, day, day));
            bool timedOut = monitor?.Message.Contains("reading it took more than", StringComparison.Ordinal) == true;
            endless += timedOut ? 1 : 0;

            // data access, erase and retention read each file through the same call, so every tenth variant shows
            // their path is the same; one whose read never ends is not read twice (its thread stays busy).
            Exception? access = i++ % 10 == 0 && !timedOut ? await Record.ExceptionAsync(() => LogFiles.ReadAsync<PredictionRecord>(file, CancellationToken.None)) : monitor;

            foreach (Exception? e in (Exception?[])[monitor, access])
            {
                if (e is null)
                {
                    // A flip inside a data page can leave a file that reads, with other values; the rows are still rows.
                    readable++;
                    continue;
                }

                refused++;
                Assert.True(e is InvalidDataException, $"variant {name}: {e.GetType().Name}: {e.Message}");
                Assert.Contains(file, e.Message, StringComparison.Ordinal);
            }
        }

        output.WriteLine($"{refused} reads refused naming the file ({endless} variant(s) past the read budget), {readable} read");
        Assert.True(refused > 2_000, $"only {refused} reads were refused: the variants do not reach the reader's checks");
        Assert.InRange(endless, 0, 5);
    }

    private static PredictionRecord Row(int i) => new()
    {
        RequestId = $"{i / 10:x32}",
        TimeUtc = s_at.AddSeconds(i),
        KeyId = "key_0123456789ab",
        Model = "pair-success",
        Version = 1 + (i % 2),
        PairId = $"mentee-{i % 37}→mentor-{i % 11}",
        Features = [i, i * 0.5f, -1f, i % 3],
        Probability = i / 500.0,
        Label = i % 2 == 0,
        Role = i % 5 == 0 ? PredictionRecord.ShadowRole : PredictionRecord.PrimaryRole,
        ClientRequestId = i % 3 == 0 ? null : $"hr-{i}",
    };
}

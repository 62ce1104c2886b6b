using MatchModels.Core.PredictionLog;
using MatchModels.Monitoring.Reports;
using static MatchModels.Monitoring.Tests.Reports.ReportInputs;

namespace MatchModels.Monitoring.Tests.Reports;

public sealed class ReadMonitoringEvidenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mm-evidence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Reads_the_rows_the_core_writer_wrote()
    {
        List<PredictionRecord> rows = [.. Rows(Day1, 10, 0, 1, "a"), .. Rows(Day1.AddDays(1), 5, 0, 2, "b")];
        await DayPartitionedParquet.WriteAsync(Path.Combine(_dir, PredictionLogReader.PredictionsFolder), rows, r => r.TimeUtc, Day1.AddDays(2));

        IReadOnlyList<PredictionRecord> read = await ReadMonitoringEvidence.PredictionsAsync(_dir, null, null);

        Assert.Equal(15, read.Count);
        Assert.Equal(5, (await ReadMonitoringEvidence.PredictionsAsync(_dir, Day1.AddDays(1), null)).Count);
    }

    [Fact]
    public async Task Refuses_a_log_with_a_truncated_file_and_names_it()
    {
        IReadOnlyList<string> files = await DayPartitionedParquet.WriteAsync(Path.Combine(_dir, PredictionLogReader.PredictionsFolder), Rows(Day1, 10, 0, 1, "a"), r => r.TimeUtc, Day1);
        byte[] bytes = await File.ReadAllBytesAsync(files[0]);
        await File.WriteAllBytesAsync(files[0], bytes[..(bytes.Length / 2)]);

        var e = await Assert.ThrowsAsync<MonitoringEvidenceException>(() => ReadMonitoringEvidence.PredictionsAsync(_dir, null, null));

        Assert.Contains(Path.GetFileName(files[0]), e.Message, StringComparison.Ordinal);
        Assert.Contains("not Parquet, or truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_log_file_that_is_not_parquet_and_names_it()
    {
        IReadOnlyList<string> files = await DayPartitionedParquet.WriteAsync(Path.Combine(_dir, PredictionLogReader.PredictionsFolder), Rows(Day1, 3, 0, 1, "a"), r => r.TimeUtc, Day1);
        string bogus = Path.Combine(Path.GetDirectoryName(files[0])!, "part-zzz.parquet");
        await File.WriteAllTextAsync(bogus, "request_id,time\nr1,2025-03-03\n");

        var e = await Assert.ThrowsAsync<MonitoringEvidenceException>(() => ReadMonitoringEvidence.PredictionsAsync(_dir, null, null));

        Assert.Contains("part-zzz.parquet", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetFileName(files[0]), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_an_outcomes_csv_with_the_label_of_the_task()
    {
        string path = Path.Combine(_dir, "outcomes.csv");
        await File.WriteAllTextAsync(path, "pair_id,request_id,success,dropout,observed_at\np-1,,true,false,2025-04-01T00:00:00Z\n,r-2,0,1,2025-04-02\np-3,,,,2025-04-03T10:00:00Z\n");

        IReadOnlyList<LabelledOutcome> success = await ReadMonitoringEvidence.OutcomesFileAsync(path, "pair-success");
        IReadOnlyList<LabelledOutcome> dropout = await ReadMonitoringEvidence.OutcomesFileAsync(path, "dropout");

        Assert.Equal([true, false, null], success.Select(o => o.Label));
        Assert.Equal([false, true, null], dropout.Select(o => o.Label));
        Assert.Equal("r-2", success[1].RequestId);
        Assert.Null(success[1].PairId);
        Assert.Equal(new DateTime(2025, 4, 3, 10, 0, 0, DateTimeKind.Utc), success[2].ObservedAtUtc);
    }

    [Fact]
    public async Task Refuses_an_outcomes_file_without_observed_at_or_with_a_bad_time()
    {
        string missing = Path.Combine(_dir, "missing.csv");
        await File.WriteAllTextAsync(missing, "pair_id,success\np-1,true\n");
        string bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "pair_id,success,observed_at\np-1,true,2025-04-01\np-2,true,yesterday\n");

        var e1 = await Assert.ThrowsAsync<MonitoringEvidenceException>(() => ReadMonitoringEvidence.OutcomesFileAsync(missing, "pair-success"));
        var e2 = await Assert.ThrowsAsync<MonitoringEvidenceException>(() => ReadMonitoringEvidence.OutcomesFileAsync(bad, "pair-success"));

        Assert.Contains("no 'observed_at' column", e1.Message, StringComparison.Ordinal);
        Assert.Contains("row 2, observed_at", e2.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json.Serialization;
using MatchModels.Core.PredictionLog;
using Parquet.Serialization.Attributes;

namespace MatchModels.Core.Tests.PredictionLog;

public sealed class PredictionLogReaderTests
{
    private static readonly DateTime s_at = new(2025, 3, 30, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_file_written_before_the_role_column_reads_as_primary_rows()
    {
        using var dir = new TempDir();
        BeforeRoleColumn[] old = [Old(0), Old(1), Old(2)];
        await DayPartitionedParquet.WriteAsync(Predictions(dir), old, r => r.TimeUtc, s_at);

        IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(dir.Path, Day, Day);

        Assert.Equal(old.Length, read.Count);
        Assert.All(read, r => Assert.Equal(PredictionRecord.PrimaryRole, r.Role));
        Assert.All(read, r => Assert.Null(r.ClientRequestId));
        for (int i = 0; i < old.Length; i++)
        {
            PredictionRecord expected = new()
            {
                RequestId = old[i].RequestId,
                TimeUtc = old[i].TimeUtc,
                KeyId = old[i].KeyId,
                Model = old[i].Model,
                Version = old[i].Version,
                PairId = old[i].PairId,
                Features = old[i].Features,
                Probability = old[i].Probability,
                Label = old[i].Label,
            };
            Assert.True(expected.SameAs(read[i]), $"row {i}: wrote {expected}, read {read[i]}");
        }
    }

    [Fact]
    public async Task Old_and_new_files_of_one_day_read_together_each_row_with_its_role()
    {
        using var dir = new TempDir();
        await DayPartitionedParquet.WriteAsync(Predictions(dir), [Old(0)], r => r.TimeUtc, s_at);
        PredictionRecord[] current =
        [
            new() { RequestId = "req-1", TimeUtc = s_at, Model = "pair-success", Version = 1, PairId = "a→b", Features = [1f, 2f], Probability = 0.25 },
            new() { RequestId = "req-1", TimeUtc = s_at, Model = "pair-success", Version = 2, PairId = "a→b", Features = [1f, 2f, 3f], Probability = 0.5, Role = PredictionRecord.ShadowRole, ClientRequestId = "hr-7" },
        ];
        await DayPartitionedParquet.WriteAsync(Predictions(dir), current, r => r.TimeUtc, s_at.AddMinutes(1));

        IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(dir.Path, Day, Day);

        Assert.Equal(["req-0", "req-1", "req-1"], read.Select(r => r.RequestId));
        Assert.Equal([PredictionRecord.PrimaryRole, PredictionRecord.PrimaryRole, PredictionRecord.ShadowRole], read.Select(r => r.Role));
        Assert.True(current[1].SameAs(read[2]), $"read {read[2]}");
        Assert.Equal([null, null, "hr-7"], read.Select(r => r.ClientRequestId));
    }

    [Fact]
    public async Task Files_before_the_route_column_read_with_no_route_beside_batch_rows()
    {
        using var dir = new TempDir();
        NullableRole[] old = [new() { RequestId = "req-old", TimeUtc = s_at, Role = PredictionRecord.PrimaryRole }];
        PredictionRecord[] batch = [new() { RequestId = "batch-1-0", TimeUtc = s_at, KeyId = LogBatchPredictions.KeyId, Route = PredictionRecord.BatchRoute }];
        await DayPartitionedParquet.WriteAsync(Predictions(dir), old, r => r.TimeUtc, "a-old");
        await DayPartitionedParquet.WriteAsync(Predictions(dir), batch, r => r.TimeUtc, "b-batch");

        IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(dir.Path, Day, Day);

        (string, string?)[] expected = [("req-old", null), ("batch-1-0", PredictionRecord.BatchRoute)];
        Assert.Equal(expected, read.Select(r => (r.RequestId, r.Route)));
    }

    [Fact]
    public async Task A_null_role_reads_as_primary()
    {
        using var dir = new TempDir();
        // What DuckDB's union_by_name writes when old and new files are compacted into one: the column, empty for old rows.
        NullableRole[] merged = [new() { RequestId = "req-old", TimeUtc = s_at }, new() { RequestId = "req-new", TimeUtc = s_at, Role = PredictionRecord.ShadowRole }];
        await DayPartitionedParquet.WriteAsync(Predictions(dir), merged, r => r.TimeUtc, s_at);

        IReadOnlyList<PredictionRecord> read = await PredictionLogReader.ReadPredictionsAsync(dir.Path, Day, Day);

        Assert.Equal([("req-old", PredictionRecord.PrimaryRole), ("req-new", PredictionRecord.ShadowRole)], read.Select(r => (r.RequestId, r.Role)));
    }

    private static DateOnly Day => DateOnly.FromDateTime(s_at);

    private static string Predictions(TempDir dir) => Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder);

    private static BeforeRoleColumn Old(int i) => new()
    {
        RequestId = $"req-{i}",
        TimeUtc = s_at.AddSeconds(i),
        KeyId = "key_0123456789ab",
        Model = "pair-success",
        Version = 1,
        PairId = i == 1 ? null : $"mentee-{i}→mentor-{i}",
        Features = [i, -1.5f, float.MaxValue],
        Probability = 0.1 * i,
        Label = i == 2 ? null : i == 0,
    };

    /// <summary>The prediction log's row as it was written before the role column: these columns, these types, nothing else.</summary>
    public sealed class BeforeRoleColumn
    {
        [JsonPropertyName("request_id")]
        public string RequestId { get; init; } = "";

        [JsonPropertyName("time")]
        [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
        public DateTime TimeUtc { get; init; }

        [JsonPropertyName("key_id")]
        public string KeyId { get; init; } = "";

        [JsonPropertyName("model")]
        public string Model { get; init; } = "";

        [JsonPropertyName("version")]
        public int Version { get; init; }

        [JsonPropertyName("pair_id")]
        public string? PairId { get; init; }

        [JsonPropertyName("features")]
        public float[] Features { get; init; } = [];

        [JsonPropertyName("probability")]
        public double Probability { get; init; }

        [JsonPropertyName("label")]
        public bool? Label { get; init; }
    }

    /// <summary>A row whose role column is present and nullable; the other columns are left out because reading skips missing ones.</summary>
    public sealed class NullableRole
    {
        [JsonPropertyName("request_id")]
        public string RequestId { get; init; } = "";

        [JsonPropertyName("time")]
        [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
        public DateTime TimeUtc { get; init; }

        [JsonPropertyName("role")]
        public string? Role { get; init; }
    }
}

using System.Globalization;
using MatchModels.Core.History;
using MatchModels.Core.Validation;
using Parquet;
using Parquet.Schema;

namespace MatchModels.Core.Tests.Tables;

/// <summary>
/// Parquet files written here with Parquet.Net directly, not with our writer, so that the reader meets the
/// physical types and row-group layouts other tools produce. Each replaces the sessions table of the valid fixture.
/// </summary>
public sealed class ParquetTableReaderTests
{
    [Fact]
    public async Task Reports_a_wrong_type_in_row_50000_of_a_60000_row_file_with_its_row()
    {
        const int Rows = 60_000;
        var start = new DateTime(2024, 2, 2, 0, 0, 0, DateTimeKind.Utc);
        string?[] heldAt = Enumerable.Range(0, Rows)
            .Select(i => start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .ToArray();
        string?[] duration = Enumerable.Repeat<string?>("30", Rows).ToArray();
        duration[49_999] = "abc";
        using TempDir dir = CopyOfValidWithoutSessions();

        // Three row groups of 20,000 rows, so row 50,000 sits in the third one.
        await WriteParquetAsync(
            dir["sessions.parquet"],
            rowGroupSize: 20_000,
            (new DataField<string>("pair_id"), Enumerable.Repeat<string?>("r01", Rows).ToArray()),
            (new DataField<string>("held_at"), heldAt),
            (new DataField<string>("duration_min"), duration));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.WrongType, "sessions.parquet", 50_000L, "duration_min"), (problem.Kind, problem.File, problem.Row!.Value, problem.Column));
        Assert.Equal(("number", "\"abc\""), (problem.Expected, problem.Found));
        Assert.Equal(Rows, Assert.Single(result.Files, f => f.Table == "sessions").Rows);
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Reports_an_empty_Parquet_file()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        await File.WriteAllBytesAsync(dir["sessions.parquet"], []);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.EmptyFile, "sessions.parquet", (long?)null), (problem.Kind, problem.File, problem.Row));
        Assert.Equal("an empty file (0 bytes)", problem.Found);
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Reports_an_int64_column_where_a_string_is_expected_as_one_wrong_type()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        await WriteParquetAsync(
            dir["sessions.parquet"],
            rowGroupSize: 1_000,
            (new DataField<long?>("pair_id"), new long?[] { 1, 2 }),
            (new DataField<DateTime?>("held_at"), new DateTime?[] { new(2024, 2, 8, 10, 0, 0, DateTimeKind.Utc), new(2024, 2, 9, 10, 0, 0, DateTimeKind.Utc) }),
            (new DataField<double?>("duration_min"), new double?[] { 60, 45 }));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.WrongType, "sessions.parquet", (long?)null, "pair_id"), (problem.Kind, problem.File, problem.Row, problem.Column));
        Assert.Equal(("string", "a Parquet int64 column"), (problem.Expected, problem.Found));
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Refuses_NaN_and_infinities_in_a_double_column()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        DateTime?[] heldAt = Enumerable.Range(0, 4).Select(i => (DateTime?)new DateTime(2024, 2, 8 + i, 10, 0, 0, DateTimeKind.Utc)).ToArray();
        await WriteParquetAsync(
            dir["sessions.parquet"],
            rowGroupSize: 1_000,
            (new DataField<string>("pair_id"), new string?[] { "r01", "r01", "r01", "r01" }),
            (new DataField<DateTime?>("held_at"), heldAt),
            (new DataField<double?>("duration_min"), new double?[] { 60, double.NaN, double.PositiveInfinity, double.NegativeInfinity }));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Equal(
            [(2L, "NaN"), (3L, "Infinity"), (4L, "-Infinity")],
            result.Problems.Select(p => (p.Row!.Value, p.Found)));
        Assert.All(result.Problems, p => Assert.Equal((ProblemKind.WrongType, "duration_min", "a finite number"), (p.Kind, p.Column!, p.Expected)));
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Accepts_whole_float64_values_in_an_integer_column_as_pandas_writes_them()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        DateTime?[] heldAt = Enumerable.Range(0, 3).Select(i => (DateTime?)new DateTime(2024, 2, 8 + i, 10, 0, 0, DateTimeKind.Utc)).ToArray();
        await WriteParquetAsync(
            dir["sessions.parquet"],
            rowGroupSize: 1_000,
            (new DataField<string>("pair_id"), new string?[] { "r01", "r01", "r01" }),
            (new DataField<DateTime?>("held_at"), heldAt),
            (new DataField<double?>("duration_min"), new double?[] { 60, 45, 30 }),
            (new DataField<double?>("mentee_rating"), new double?[] { 4, null, 5 }));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        Assert.Equal([4, null, 5], result.History!.Sessions.Select(x => x.MenteeRating));
    }

    [Fact]
    public async Task Refuses_a_fractional_float64_value_in_an_integer_column()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        DateTime?[] heldAt = Enumerable.Range(0, 2).Select(i => (DateTime?)new DateTime(2024, 2, 8 + i, 10, 0, 0, DateTimeKind.Utc)).ToArray();
        await WriteParquetAsync(
            dir["sessions.parquet"],
            rowGroupSize: 1_000,
            (new DataField<string>("pair_id"), new string?[] { "r01", "r01" }),
            (new DataField<DateTime?>("held_at"), heldAt),
            (new DataField<double?>("duration_min"), new double?[] { 60, 45 }),
            (new DataField<double?>("mentee_rating"), new double?[] { 4, 3.5 }));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.WrongType, 2L, "mentee_rating", "a whole number", "3.5"), (problem.Kind, problem.Row!.Value, problem.Column!, problem.Expected, problem.Found));
    }

    [Fact]
    public async Task Reports_a_file_with_Parquet_magic_but_a_broken_footer_as_unreadable()
    {
        using TempDir dir = CopyOfValidWithoutSessions();
        byte[] bytes = [.. "PAR1"u8, .. new byte[64], .. BitConverter.GetBytes(40), .. "PAR1"u8];
        await File.WriteAllBytesAsync(dir["sessions.parquet"], bytes);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.UnreadableFile, "sessions.parquet"), (problem.Kind, problem.File));
        Assert.Null(result.History);
    }

    private static TempDir CopyOfValidWithoutSessions()
    {
        TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        File.Delete(dir["sessions.csv"]);
        return dir;
    }

    private static async Task WriteParquetAsync(string path, int rowGroupSize, params (DataField Field, Array Values)[] columns)
    {
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => c.Field).ToArray()), stream);
        int rows = columns[0].Values.Length;
        for (int start = 0; start < rows; start += rowGroupSize)
        {
            int n = Math.Min(rowGroupSize, rows - start);
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            foreach ((DataField field, Array values) in columns)
            {
                switch (values)
                {
                    case string?[] s:
                        await group.WriteAsync(field, (s[start..(start + n)] as IReadOnlyCollection<string>)!);
                        break;
                    case long?[] l:
                        await group.WriteAsync<long>(field, l.AsMemory(start, n));
                        break;
                    case double?[] d:
                        await group.WriteAsync<double>(field, d.AsMemory(start, n));
                        break;
                    case DateTime?[] t:
                        await group.WriteAsync<DateTime>(field, t.AsMemory(start, n));
                        break;
                    default:
                        throw new ArgumentException($"no writer for {values.GetType().Name}", nameof(columns));
                }
            }
        }
    }
}

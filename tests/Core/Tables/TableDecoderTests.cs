using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Tables;

public sealed class TableDecoderTests
{
    [Theory]
    [InlineData("2024-02-01T09:00:00Z", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01T10:00:00+01:00", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01T04:30:00-04:30", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01T09:00:00", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01 09:00:00+00:00", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01T09:00:00.250Z", "2024-02-01T09:00:00.25")]
    [InlineData("2024-02-01T09:00Z", "2024-02-01T09:00:00")]
    [InlineData("2024-02-01", "2024-02-01T00:00:00")]
    public void Reads_ISO_8601_times_as_UTC(string text, string utc)
    {
        (Table table, ProblemList problems) = DecodeSessionTime(text);

        Assert.False(problems.Any);
        DateTime t = table["held_at"].Times![0]!.Value;
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), t);
        Assert.Equal(DateTimeKind.Utc, t.Kind);
    }

    [Theory]
    [InlineData("03/04/2024")]
    [InlineData("12:00")]
    [InlineData("Feb 1 2024")]
    [InlineData("2024-02-30T09:00:00Z")]
    [InlineData("20240201T090000Z")]
    public void Refuses_times_that_are_not_ISO_8601(string text)
    {
        (_, ProblemList problems) = DecodeSessionTime(text);

        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.WrongType, 1L, "held_at"), (problem.Kind, problem.Row!.Value, problem.Column));
        Assert.Equal("date-time (ISO 8601, UTC)", problem.Expected);
        Assert.Equal($"\"{text}\"", problem.Found);
    }

    [Fact]
    public void Reports_a_refused_value_once_not_again_as_missing()
    {
        RawTable raw = Sessions(("r01", "2024-02-01T09:00:00Z", "1h"), ("r01", "2024-02-02T09:00:00Z", null));

        (_, ProblemList problems) = Decode(raw);

        Assert.Collection(
            problems.Kept,
            p => Assert.Equal((ProblemKind.WrongType, 1L), (p.Kind, p.Row!.Value)),
            p => Assert.Equal((ProblemKind.MissingValue, 2L), (p.Kind, p.Row!.Value)));
    }

    [Fact]
    public void Numbers_problems_with_the_data_rows_of_the_file()
    {
        // As the CSV reader leaves it when data row 2 was ragged and dropped.
        RawTable raw = Sessions(("r01", "2024-02-01T09:00:00Z", "30"), ("r01", "2024-02-03T09:00:00Z", "-5")) with { SkippedRows = 1, DataRows = [1, 3] };

        (_, ProblemList problems) = Decode(raw);

        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.OutOfRange, 3L, "duration_min"), (problem.Kind, problem.Row!.Value, problem.Column));
    }

    private static (Table Table, ProblemList Problems) DecodeSessionTime(string heldAt) =>
        Decode(Sessions(("r01", heldAt, "30")));

    private static (Table Table, ProblemList Problems) Decode(RawTable raw)
    {
        var problems = new ProblemList();
        return (TableDecoder.Decode(HistorySchemas.Sessions, raw, problems), problems);
    }

    private static RawTable Sessions(params (string? PairId, string? HeldAt, string? Duration)[] rows) => new(
        "sessions.csv",
        rows.Length,
        [
            new RawColumn("pair_id", rows.Select(r => r.PairId).ToArray(), "string"),
            new RawColumn("held_at", rows.Select(r => r.HeldAt).ToArray(), "string"),
            new RawColumn("duration_min", rows.Select(r => r.Duration).ToArray(), "string"),
        ]);
}

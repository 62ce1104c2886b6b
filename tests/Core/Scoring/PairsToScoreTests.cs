using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;
using MatchModels.Core.Tests.Features;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Scoring;

/// <summary>Reading a pairs file against <see cref="TinyHistory"/>: real CSV and Parquet files in a temporary folder.</summary>
public sealed class PairsToScoreTests
{
    private static readonly DateTime s_default = new(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    private static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_schema_is_the_committed_file_with_two_required_columns()
    {
        string file = Path.Combine(RepoPaths.Root, "data", "schemas", "pairs-to-score.schema.json");

        Assert.Equal(File.ReadAllText(file), HistorySchemas.RawJson("pairs-to-score"));
        Assert.Equal(["mentee_id", "mentor_id"], PairsToScore.Schema.Columns.Where(c => c.Required).Select(c => c.Name));
        Assert.Equal(ColumnKind.DateTime, PairsToScore.Schema["as_of"].Kind);
    }

    [Fact]
    public async Task Reads_history_pairs_by_id_and_proposed_pairs_each_at_its_own_as_of()
    {
        PairsFileReadResult r = await ReadCsvAsync("""
            pair_id,mentee_id,mentor_id,as_of
            p3,A,M1,2024-01-10T00:00:00Z
            ,B,M1,2024-02-01 08:00:00
            x-9,E,M1,2024-01-09T12:00:00+01:00
            """);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Pair p3 = TinyHistory.Build().Pairs.Single(p => p.PairId == "p3");
        Assert.Equal(
            [
                new PairToScore("p3", "A", "M1", TinyHistory.Start, p3),
                new PairToScore("row-2", "B", "M1", Utc(2024, 2, 1, 8), null),
                new PairToScore("x-9", "E", "M1", Utc(2024, 1, 9, 11), null),
            ],
            r.Pairs!);
        Assert.All(r.Pairs!, p => Assert.Equal(DateTimeKind.Utc, p.AsOf.Kind));
        Assert.True(r.AsOfColumn);
        Assert.Empty(r.IgnoredColumns);
    }

    [Fact]
    public async Task Without_an_as_of_column_every_row_is_scored_at_the_default_and_other_columns_are_named()
    {
        PairsFileReadResult r = await ReadCsvAsync("""
            mentee_id,mentor_id,asof
            B,M1,2024-01-01
            C,M1,2024-01-01
            """);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Assert.Equal([s_default, s_default], r.Pairs!.Select(p => p.AsOf));
        Assert.Equal(["row-1", "row-2"], r.Pairs!.Select(p => p.PairId));
        Assert.False(r.AsOfColumn);
        Assert.Equal(["asof"], r.IgnoredColumns);
    }

    [Fact]
    public async Task Snapshots_are_the_training_snapshot_for_a_history_pair_and_a_proposal_for_a_new_one()
    {
        ProgrammeHistory h = TinyHistory.Build();
        var index = new PointInTimeHistory(h);
        PairsFileReadResult r = await ReadCsvAsync("""
            pair_id,mentee_id,mentor_id,as_of
            p3,A,M1,2024-01-10T00:00:00Z
            new,B,M1,2024-01-11T00:00:00Z
            """);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        PairSnapshot training = PairFeatureBuilder.PairSuccess.Snapshots(index, h.Pairs.Where(p => p.PairId == "p3"))[0];
        Assert.Equal(training, r.Pairs![0].Snapshot(index, withEngagement: false));
        PairSnapshot proposal = r.Pairs[1].Snapshot(index, withEngagement: false);
        Assert.Equal(index.ProposalSnapshot("B", "M1", Utc(2024, 1, 11)), proposal);

        // p2 and p3 run on 11 January: the proposal sees both in the mentor's load.
        Assert.Equal(2, proposal.MentorRecord.ActivePairs);
    }

    [Fact]
    public async Task Reads_a_parquet_file_with_a_timestamp_as_of()
    {
        using var dir = new TempDir();
        string path = dir["pairs.parquet"];
        await WriteParquetAsync(path, [
            TableColumn.From("mentee_id", ["B", "E"]),
            TableColumn.From("mentor_id", ["M1", "M0"]),
            TableColumn.From("as_of", [Utc(2024, 2, 1), Utc(2024, 2, 2)]),
        ]);

        PairsFileReadResult r = await ReadAsync(path);

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Assert.Equal([new PairToScore("row-1", "B", "M1", Utc(2024, 2, 1), null), new PairToScore("row-2", "E", "M0", Utc(2024, 2, 2), null)], r.Pairs!);
    }

    [Fact]
    public async Task A_parquet_column_of_the_wrong_type_is_named()
    {
        using var dir = new TempDir();
        string path = dir["pairs.parquet"];
        await WriteParquetAsync(path, [TableColumn.From("mentee_id", new long?[] { 7 }), TableColumn.From("mentor_id", ["M1"])]);

        ValidationProblem p = SingleProblem(await ReadAsync(path));

        Assert.Equal((ProblemKind.WrongType, "pairs.parquet", "mentee_id"), (p.Kind, p.File, p.Column));
        Assert.Contains("Parquet", p.Found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_column_is_named_with_the_columns_found()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,as_of\nB,2024-02-01\n"));

        Assert.Equal((ProblemKind.MissingColumn, "mentor_id"), (p.Kind, p.Column));
        Assert.Equal("columns [mentee_id, as_of]", p.Found);
    }

    [Fact]
    public async Task An_id_not_in_participants_is_named_with_its_row()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id\nB,M1\nZ9,M1\n"));

        Assert.Equal((ProblemKind.DanglingReference, 2L, "mentee_id", "\"Z9\""), (p.Kind, p.Row, p.Column, p.Found));
        Assert.StartsWith("pairs.csv row 2, column mentee_id: dangling reference", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mentee_id_that_is_a_mentor_and_a_mentor_id_that_is_a_mentee_are_both_refused()
    {
        PairsFileReadResult r = await ReadCsvAsync("mentee_id,mentor_id\nM0,B\n");

        Assert.False(r.Ok);
        Assert.Equal(
            [
                (ProblemKind.WrongRole, "mentee_id", "\"M0\" with role mentor"),
                (ProblemKind.WrongRole, "mentor_id", "\"B\" with role mentee"),
            ],
            r.Problems.Select(p => (p.Kind, p.Column!, p.Found)));
        Assert.All(r.Problems, p => Assert.Equal(1L, p.Row));
    }

    [Theory]
    [InlineData("03/04/2024", ProblemKind.WrongType)]
    [InlineData("tomorrow", ProblemKind.WrongType)]
    [InlineData("", ProblemKind.MissingValue)]
    [InlineData("2023-06-01T00:00:00Z", ProblemKind.TimeOrder)]
    [InlineData("2025-03-02T09:30:01Z", ProblemKind.OutOfRange)]
    [InlineData("2124-02-01T00:00:00Z", ProblemKind.OutOfRange)]
    public async Task A_bad_as_of_is_named_with_its_row(string value, ProblemKind kind)
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync($"mentee_id,mentor_id,as_of\nB,M1,2024-02-01\nB,M1,{value}\n"));

        Assert.Equal((kind, 2L, "as_of"), (p.Kind, p.Row, p.Column));
    }

    [Fact]
    public async Task A_row_without_its_as_of_still_has_its_ids_checked()
    {
        PairsFileReadResult r = await ReadCsvAsync("mentee_id,mentor_id,as_of\nB,M1,2024-02-01\nM1,Z9,\n");

        Assert.Equal(
            [(ProblemKind.MissingValue, "as_of"), (ProblemKind.WrongRole, "mentee_id"), (ProblemKind.DanglingReference, "mentor_id")],
            r.Problems.Select(p => (p.Kind, p.Column!)));
        Assert.All(r.Problems, p => Assert.Equal(2L, p.Row));
    }

    [Fact]
    public async Task A_blank_id_is_reported_once_as_missing()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id\n\" \",M1\n"));

        Assert.Equal((ProblemKind.MissingValue, 1L, "mentee_id"), (p.Kind, p.Row, p.Column));
    }

    [Fact]
    public async Task An_as_of_before_a_participant_joined_names_them_and_when_they_joined()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id,as_of\nB,M1,2023-06-01T00:00:00Z\n"));

        // B joined ten days before Start; a profile is as recorded at joining, so it was not known in June.
        Assert.Equal("at or after mentee \"B\" joined_at 2023-12-31T00:00:00Z", p.Expected);
        Assert.Equal("2023-06-01T00:00:00Z", p.Found);
    }

    [Fact]
    public async Task An_as_of_366_days_after_the_run_is_scored_and_a_second_more_is_not()
    {
        // The run's time is the default as_of, 2024-03-01T09:30:00Z; 366 days on is 2025-03-02T09:30:00Z.
        PairsFileReadResult ok = await ReadCsvAsync("mentee_id,mentor_id,as_of\nB,M1,2025-03-02T09:30:00Z\n");
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id,as_of\nB,M1,2025-03-02T09:30:01Z\n"));

        Assert.True(ok.Ok);
        Assert.Equal((ProblemKind.OutOfRange, "as_of"), (p.Kind, p.Column));
        Assert.Equal("at most 366 days after the time of the run (2024-03-01T09:30:00Z), so at or before 2025-03-02T09:30:00Z", p.Expected);
        Assert.Equal("2025-03-02T09:30:01Z", p.Found);
    }

    [Fact]
    public async Task A_default_as_of_before_a_participant_joined_says_it_is_the_default()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id\nB,M1\n", defaultAsOf: Utc(2023, 6, 1)));

        Assert.Equal(ProblemKind.TimeOrder, p.Kind);
        Assert.Contains("default", p.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "an empty file")]
    [InlineData("mentee_id,mentor_id,as_of\n", "a header and no rows")]
    public async Task An_empty_file_is_refused(string csv, string found)
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync(csv));

        Assert.Equal((ProblemKind.EmptyFile, found), (p.Kind, p.Found));
    }

    [Fact]
    public async Task An_empty_parquet_file_is_refused()
    {
        using var dir = new TempDir();
        string path = dir["pairs.parquet"];
        await WriteParquetAsync(path, [TableColumn.From("mentee_id", Array.Empty<string?>()), TableColumn.From("mentor_id", Array.Empty<string?>())]);

        Assert.Equal(ProblemKind.EmptyFile, SingleProblem(await ReadAsync(path)).Kind);
    }

    [Fact]
    public async Task A_pair_id_used_twice_is_refused_even_when_one_was_generated()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("pair_id,mentee_id,mentor_id\nrow-2,B,M1\n,C,M1\n"));

        Assert.Equal((ProblemKind.DuplicateKey, 2L, "pair_id"), (p.Kind, p.Row, p.Column));
        Assert.Equal("\"row-2\" (given to a row without a pair_id)", p.Found);
        Assert.Contains("row 1", p.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pair_id_of_the_history_must_name_its_own_mentee_and_mentor()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("pair_id,mentee_id,mentor_id,as_of\np3,B,M1,2024-01-10T00:00:00Z\n"));

        Assert.Equal((ProblemKind.Inconsistent, "pair_id"), (p.Kind, p.Column));
        Assert.Equal("mentee_id \"A\" and mentor_id \"M1\", as pair \"p3\" has in pairs", p.Expected);
    }

    [Fact]
    public async Task A_proposal_of_a_pair_already_running_at_its_as_of_must_give_the_pair_id()
    {
        // D and M1 run as p2 from thirty days before Start; proposed again without p2 they would count twice.
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id,as_of\nD,M1,2024-01-10T00:00:00Z\n"));

        Assert.Equal((ProblemKind.Inconsistent, "pair_id"), (p.Kind, p.Column));
        Assert.StartsWith("pair_id \"p2\"", p.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_out_version_refuses_a_proposed_pair()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("mentee_id,mentor_id,as_of\nB,M1,2024-02-01\n", PairFeatureBuilder.Dropout(30)));

        Assert.Equal((ProblemKind.DanglingReference, "pair_id"), (p.Kind, p.Column));
        Assert.Contains("dropout version", p.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_out_version_refuses_a_history_pair_before_its_match()
    {
        ValidationProblem p = SingleProblem(await ReadCsvAsync("pair_id,mentee_id,mentor_id,as_of\np3,A,M1,2024-01-09T00:00:00Z\n", PairFeatureBuilder.Dropout(30)));

        Assert.Equal((ProblemKind.TimeOrder, "as_of"), (p.Kind, p.Column));
        Assert.Contains("matched_at 2024-01-10T00:00:00Z", p.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_out_version_reads_a_history_pair_s_sessions_up_to_its_as_of()
    {
        PairsFileReadResult r = await ReadCsvAsync("pair_id,mentee_id,mentor_id,as_of\np3,A,M1,2024-02-09T00:00:00Z\n", PairFeatureBuilder.Dropout(30));

        Assert.True(r.Ok, string.Join("\n", r.Problems));
        EngagementSoFar e = r.Pairs![0].Snapshot(new PointInTimeHistory(TinyHistory.Build()), withEngagement: true).Engagement!;

        // Sessions on days 3 and 12 are held by day 30; the one on day 40 is not.
        Assert.Equal((2, 90.0), (e.Sessions, e.TotalMinutes));
    }

    [Fact]
    public async Task Every_problem_is_reported_not_only_the_first()
    {
        PairsFileReadResult r = await ReadCsvAsync("mentee_id,mentor_id,as_of\nZ1,M1,2024-02-01\nB,Z2,2024-02-01\nB,M1,soon\n");

        Assert.Equal(3, r.ProblemCount);
        Assert.Equal([1L, 2L, 3L], r.Problems.Select(p => p.Row!.Value).Order());
    }

    [Fact]
    public void A_path_that_cannot_be_a_pairs_file_is_refused_before_any_work()
    {
        using var dir = new TempDir();

        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => PairsToScore.CheckPath(dir["nope.csv"])).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(dir["folder.csv"]);
        Assert.Contains("is a directory", Assert.Throws<FileNotFoundException>(() => PairsToScore.CheckPath(dir["folder.csv"])).Message, StringComparison.Ordinal);
        File.WriteAllText(dir["pairs.xlsx"], "x");
        Assert.Contains("'.xlsx'", Assert.Throws<ArgumentException>(() => PairsToScore.CheckPath(dir["pairs.xlsx"])).Message, StringComparison.Ordinal);
    }

    private static ValidationProblem SingleProblem(PairsFileReadResult r)
    {
        Assert.False(r.Ok);
        Assert.Null(r.Pairs);
        return Assert.Single(r.Problems);
    }

    private static async Task<PairsFileReadResult> ReadCsvAsync(string csv, PairFeatureBuilder? builder = null, DateTime? defaultAsOf = null)
    {
        using var dir = new TempDir();
        string path = dir["pairs.csv"];
        await File.WriteAllTextAsync(path, csv);
        return await ReadAsync(path, builder, defaultAsOf);
    }

    private static Task<PairsFileReadResult> ReadAsync(string path, PairFeatureBuilder? builder = null, DateTime? defaultAsOf = null) =>
        PairsToScore.ReadAsync(path, new PointInTimeHistory(TinyHistory.Build()), builder ?? PairFeatureBuilder.PairSuccess, defaultAsOf ?? s_default);

    private static Task WriteParquetAsync(string path, TableColumn[] columns) =>
        TableWriter.WriteAsync(new Table("pairs-to-score", "pairs.parquet", columns[0].Length, columns), path, TableFormat.Parquet);
}

using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.History;

/// <summary>The optional participant_changes table: attributes as they were at each cut-off, and every bad row named.</summary>
public sealed class ParticipantChangesTests
{
    private const string Header = "participant_id,effective_from,column,value\n";

    [Fact]
    public async Task A_promotion_after_the_match_is_not_in_the_pairs_snapshot_and_is_in_a_later_one()
    {
        using TempDir dir = WithChanges(
            "p04,2024-09-01T00:00:00Z,job_level,5\n" +
            "p04,2024-03-01T00:00:00Z,department,Sales\n" +
            "p01,2024-04-01T00:00:00Z,skills,architecture;leadership;coaching\n" +
            "p05,2024-03-01T00:00:00Z,manager_id,p01\n");

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        ProgrammeHistory h = loaded.History!;
        Assert.Equal(4, h.Changes.Count);
        Assert.Contains(loaded.Files, f => f.Table == "participant_changes" && f.Rows == 4);
        var index = new PointInTimeHistory(h);
        Pair r01 = h.Pairs.Single(p => p.PairId == "r01");
        PairSnapshot atMatch = index.Snapshot(r01, r01.MatchedAt, withEngagement: false);
        Assert.Equal(3, atMatch.Mentee.JobLevel);
        Assert.Equal("Finance", atMatch.Mentee.Department);
        Assert.Equal(["architecture", "leadership"], atMatch.Mentor.Skills);

        PairSnapshot later = index.ProposalSnapshot("p04", "p01", new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(5, later.Mentee.JobLevel);
        Assert.Equal("Sales", later.Mentee.Department);
        Assert.Equal(["architecture", "leadership", "coaching"], later.Mentor.Skills);
        Assert.False(later.SameReportingLine);
        Assert.True(index.ProposalSnapshot("p05", "p01", new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc)).SameReportingLine);
        Assert.False(index.ProposalSnapshot("p05", "p01", new DateTime(2024, 2, 28, 0, 0, 0, DateTimeKind.Utc)).SameReportingLine);
    }

    [Fact]
    public void The_schema_names_exactly_the_columns_a_change_can_apply() =>
        Assert.Equal(AttributeChange.Columns, Core.Schemas.HistorySchemas.ParticipantChanges["column"].Enum);

    [Fact]
    public async Task Without_the_file_the_history_has_no_changes_and_the_rows_are_the_profile()
    {
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"));

        Assert.True(loaded.Ok);
        Assert.Empty(loaded.History!.Changes);
        Assert.DoesNotContain(loaded.Files, f => f.Table == "participant_changes");
    }

    [Theory]
    [InlineData("p99,2024-03-01T00:00:00Z,job_level,5\n", ProblemKind.DanglingReference, 1, "participant_id", "a participant_id of participants", "\"p99\"")]
    [InlineData("p04,2024-03-01T00:00:00Z,job_level,senior\n", ProblemKind.WrongType, 1, "value", "integer", "\"senior\"")]
    [InlineData("p04,2024-03-01T00:00:00Z,job_level,5\np04,2024-04-01T00:00:00Z,job_level,11\n", ProblemKind.OutOfRange, 2, "value", "1 to 10", "11")]
    [InlineData("p04,2024-03-01T00:00:00Z,tenure_years,3\n", ProblemKind.UnknownEnumValue, 1, "column", "department", "\"tenure_years\"")]
    [InlineData("p04,2024-01-01T00:00:00Z,site,Lyon\n", ProblemKind.TimeOrder, 1, "effective_from", "after the participant's joined_at 2024-01-12T08:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("p04,2024-03-01T00:00:00Z,site,Lyon\np04,2024-03-01T00:00:00Z,site,Paris\n", ProblemKind.DuplicateKey, 2, "effective_from", "one change of site for \"p04\" at each instant", "(row 1)")]
    [InlineData("p04,2024-03-01T00:00:00Z,manager_id,p77\n", ProblemKind.DanglingReference, 1, "value", "a participant_id of participants", "\"p77\"")]
    [InlineData("p04,2024-03-01T00:00:00Z,languages,\n", ProblemKind.MissingValue, 1, "value", "", "")]
    [InlineData("p04,03/01/2024,site,Lyon\n", ProblemKind.WrongType, 1, "effective_from", "date-time", "\"03/01/2024\"")]
    public async Task Every_bad_row_is_named_with_file_row_and_column_and_no_history_is_returned(
        string rows, ProblemKind kind, int row, string column, string expected, string found)
    {
        using TempDir dir = WithChanges(rows);

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.False(loaded.Ok);
        ValidationProblem problem = Assert.Single(loaded.Problems);
        Assert.Equal((kind, "participant_changes.csv", (long?)row, column), (problem.Kind, problem.File, problem.Row, problem.Column));
        Assert.Contains(expected, problem.Expected, StringComparison.Ordinal);
        Assert.Contains(found, problem.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TableFormat.Csv)]
    [InlineData(TableFormat.Parquet)]
    public async Task A_history_with_changes_writes_and_reads_back_the_same(TableFormat format)
    {
        using TempDir source = WithChanges("p04,2024-09-01T00:00:00Z,job_level,5\np01,2024-04-01T00:00:00Z,availability_h_per_month,2.5\np05,2024-03-01T00:00:00Z,manager_id,\n");
        ProgrammeHistory h = (await LoadProgrammeHistory.FromDirectoryAsync(source.Path)).History!;
        using var copy = new TempDir();

        await WriteProgrammeHistory.ToDirectoryAsync(h, copy.Path, format);
        HistoryLoadResult again = await LoadProgrammeHistory.FromDirectoryAsync(copy.Path);

        Assert.True(again.Ok, string.Join("\n", again.Problems));
        Assert.Equal(h.Changes.Select(Text), again.History!.Changes.Select(Text));
    }

    private static string Text(AttributeChange c) =>
        $"{c.ParticipantId} {c.EffectiveFrom:O} {c.Column} {(c.Value is IReadOnlyList<string> l ? string.Join(';', l) : c.Value)}";

    private static TempDir WithChanges(string rows)
    {
        TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        File.WriteAllText(dir["participant_changes.csv"], Header + rows);
        return dir;
    }
}

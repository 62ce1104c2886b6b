using MatchModels.Core.Columns;
using MatchModels.Core.History;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.History;

/// <summary>Loading a pipeline's declared participant columns (ADR 0021): their values, and each bad input named with file, row and column.</summary>
public sealed class DeclaredColumnsLoadTests
{
    private static readonly DeclaredColumn s_rating = new("rating", DeclaredColumnType.Integer, Optional: true, null, false, [ColumnTransform.Mentee]);
    private static readonly DeclaredColumn s_family = new("family", DeclaredColumnType.Category, Optional: false, ["eng", "fin"], false, [ColumnTransform.Same]);
    private static readonly DeclaredColumn s_overtime = new("overtime", DeclaredColumnType.Boolean, Optional: false, null, false, [ColumnTransform.Mentee]);
    private static readonly DeclaredColumn s_interests = new("interests", DeclaredColumnType.List, Optional: false, null, false, [ColumnTransform.Overlap]);

    private static readonly DeclaredColumn[] s_all = [s_rating, s_family, s_overtime, s_interests];

    /// <summary>The valid fixture with extra CSV columns, one cell per participant row (six rows).</summary>
    private static TempDir WithColumns(string header, params string[] cells)
    {
        var dir = new TempDir();
        foreach (string file in Directory.GetFiles(RepoPaths.Fixture("valid")))
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Fixture("valid"), "participants.csv"));
        var output = new List<string> { lines[0] + "," + header };
        output.AddRange(lines.Skip(1).Select((l, i) => l + "," + cells[i]));
        File.WriteAllLines(Path.Combine(dir.Path, "participants.csv"), output);
        return dir;
    }

    private static TempDir Good() => WithColumns("rating,family,overtime,interests,badge", "4,eng,true,chess;golf,x", ",fin,false,,x", "3,eng,1,golf,x", "5,fin,0,chess,x", "2,eng,true,golf;chess,x", ",fin,false,tennis,x");

    [Fact]
    public async Task Declared_columns_load_onto_the_participants_with_their_types()
    {
        using TempDir dir = Good();

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, s_all);

        Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
        Participant first = result.History!.Participants[0];
        Assert.Equal(4, first.Custom!["rating"].Number);
        Assert.Equal("eng", first.Custom["family"].Text);
        Assert.Equal(1, first.Custom["overtime"].Number);
        Assert.Equal(["chess", "golf"], first.Custom["interests"].Items!);
        Participant second = result.History.Participants[1];
        Assert.True(second.Custom!["rating"].IsMissing);
        Assert.Empty(second.Custom["interests"].Items!);
        Assert.Equal(["badge"], Assert.Single(result.Ignored).Columns);
    }

    [Fact]
    public async Task Without_a_declaration_the_columns_are_listed_as_ignored()
    {
        using TempDir dir = Good();

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok);
        Assert.Null(result.History!.Participants[0].Custom);
        Assert.Equal(["rating", "family", "overtime", "interests", "badge"], Assert.Single(result.Ignored).Columns);
    }

    [Fact]
    public async Task Declared_columns_load_from_parquet_too()
    {
        ProgrammeHistory valid = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!;
        using var dir = new TempDir();
        await HistoryWithColumns.WriteAsync(valid, dir.Path, TableFormat.Parquet,
            TableColumn.From("rating", [4L, null, 3L, 5L, 2L, null]),
            TableColumn.From("family", ["eng", "fin", "eng", "fin", "eng", "fin"]),
            TableColumn.From("overtime", [true, false, true, false, true, false]),
            TableColumn.From("interests", [["chess"], [], ["golf"], ["chess"], ["golf"], ["tennis"]]));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, s_all);

        Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal([4.0, null, 3.0, 5.0, 2.0, null], result.History!.Participants.Select(p => p.Custom!["rating"].Number));
        Assert.Equal("fin", result.History.Participants[3].Custom!["family"].Text);
    }

    [Fact]
    public async Task A_declared_column_absent_from_the_data_is_named()
    {
        using TempDir dir = WithColumns("rating", "1", "2", "3", "4", "5", "6");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, [s_rating, s_family]);

        Assert.False(result.Ok);
        ValidationProblem p = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.MissingColumn, "participants.csv", (long?)null, "family"), (p.Kind, Path.GetFileName(p.File), p.Row, p.Column));
        Assert.Contains("declared in the pipeline's columns:", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_parse_is_named_with_its_row()
    {
        using TempDir dir = WithColumns("rating", "1", "2", "three", "4", "5", "6");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, [s_rating]);

        ValidationProblem p = Assert.Single(result.Problems);
        Assert.Equal("participants.csv row 3, column rating: wrong type: expected integer, found \"three\"", p.Message[p.Message.IndexOf("participants.csv", StringComparison.Ordinal)..]);
        Assert.Null(result.History);
    }

    [Fact]
    public async Task A_category_value_outside_the_declared_ones_is_named()
    {
        using TempDir dir = WithColumns("family", "eng", "fin", "eng", "legal", "eng", "fin");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, [s_family]);

        ValidationProblem p = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.UnknownEnumValue, 4L, "family"), (p.Kind, p.Row!.Value, p.Column));
        Assert.Contains("expected one of eng|fin, found \"legal\"", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_value_in_a_column_that_is_not_optional_is_named()
    {
        using TempDir dir = WithColumns("overtime,family", "true,eng", "false,fin", ",eng", "true,fin", "true,", "false,fin");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path, [s_overtime, s_family]);

        Assert.Equal(
            [(ProblemKind.MissingValue, 3L, "overtime"), (ProblemKind.MissingValue, 5L, "family")],
            result.Problems.Select(p => (p.Kind, p.Row!.Value, p.Column!)).OrderBy(p => p.Item2));
        Assert.Null(result.History);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Validation;

/// <summary>CSV as pandas and Excel write it: no per-column choice between an empty cell and a quoted "".</summary>
public sealed class SpreadsheetCsvTests
{
    [Theory]
    [InlineData(CsvStyle.Excel)]
    [InlineData(CsvStyle.Pandas)]
    [InlineData(CsvStyle.PandasQuoteAll)]
    public async Task A_history_saved_by_a_spreadsheet_tool_validates_and_loads_as_its_Parquet_form(CsvStyle style)
    {
        ProgrammeHistory history = WithEmptyListAndText((await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!);
        using var parquet = new TempDir();
        using var csv = new TempDir();
        await WriteProgrammeHistory.ToDirectoryAsync(history, parquet.Path, TableFormat.Parquet);
        await SpreadsheetCsv.WriteAsync(history, csv.Path, style);

        HistoryLoadResult fromParquet = await LoadProgrammeHistory.FromDirectoryAsync(parquet.Path);
        HistoryLoadResult fromCsv = await LoadProgrammeHistory.FromDirectoryAsync(csv.Path);

        Assert.True(fromParquet.Ok, string.Join("\n", fromParquet.Problems));
        Assert.True(fromCsv.Ok, string.Join("\n", fromCsv.Problems));
        Assert.Equal(Json(fromParquet.History!), Json(fromCsv.History!));
        Assert.Equal(Json(history), Json(fromCsv.History!));
        Assert.Empty(fromCsv.History!.Participants.Single(p => p.ParticipantId == "p05").Skills!);
        Assert.Equal(string.Empty, fromCsv.History!.Participants.Single(p => p.ParticipantId == "p06").GoalsText);
    }

    [Fact]
    public async Task The_spreadsheet_files_hold_what_the_test_says_they_hold()
    {
        // Guards the test above: its files really are unquoted-empty, CRLF, with a byte order mark and float-written integers.
        ProgrammeHistory history = WithEmptyListAndText((await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!);
        using var excel = new TempDir();
        using var pandas = new TempDir();
        await SpreadsheetCsv.WriteAsync(history, excel.Path, CsvStyle.Excel);
        await SpreadsheetCsv.WriteAsync(history, pandas.Path, CsvStyle.Pandas);

        byte[] bytes = await File.ReadAllBytesAsync(excel["participants.csv"]);
        string text = Encoding.UTF8.GetString(bytes);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"\"", text.Replace("\"\"non\"\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        string p05 = text.Split("\r\n").Single(l => l.StartsWith("p05,", StringComparison.Ordinal));
        Assert.Contains(",en,,Grow", p05, StringComparison.Ordinal); // skills empty and unquoted
        Assert.Contains("r01,2024-03-07 10:00:00+00:00,45.5,5.0,", await File.ReadAllTextAsync(pandas["sessions.csv"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_cell_in_a_list_that_needs_an_item_is_a_missing_value_not_an_empty_list()
    {
        // languages needs one item when given; since ADR 0022 it may be missing, and an empty cell is that, never [].
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        lines[5] = lines[5].Replace(",en,kubernetes", ",,kubernetes", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(dir["participants.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        Assert.Null(result.History!.Participants[4].Languages);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("")]
    public async Task An_empty_cell_quoted_or_not_in_a_text_that_needs_a_value_is_a_missing_value(string cell)
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        // programme_id, which stays required; department, the text this test used before ADR 0022, may now be missing.
        lines[2] = lines[2].Replace("p02,prog-2024,", $"p02,{cell},", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(dir["participants.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.MissingValue, 2L, "programme_id", "an empty value"), (problem.Kind, problem.Row!.Value, problem.Column, problem.Found));
    }

    [Theory]
    [InlineData("1000", false)]
    [InlineData("1001", true)]
    public async Task Mentor_capacity_goes_up_to_a_thousand(string capacity, bool refused)
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        lines[1] = lines[1].Replace(",6,2,female,", $",6,{capacity},female,", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(dir["participants.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Equal(refused, !result.Ok);
        if (refused)
        {
            ValidationProblem problem = Assert.Single(result.Problems);
            Assert.Equal((ProblemKind.OutOfRange, 1L, "mentor_capacity", "0 to 1000"), (problem.Kind, problem.Row!.Value, problem.Column, problem.Expected));
        }
        else
        {
            Assert.Equal(1000, result.History!.Participants[0].MentorCapacity);
        }
    }

    [Fact]
    public async Task Names_the_columns_it_ignores_per_file()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        lines = [lines[0] + ",job_role,overtime", .. lines[1..].Select(l => l + ",Engineer,Yes")];
        await File.WriteAllLinesAsync(dir["participants.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        IgnoredColumns ignored = Assert.Single(result.Ignored);
        Assert.Equal(("participants", "participants.csv"), (ignored.Table, ignored.File));
        Assert.Equal(["job_role", "overtime"], ignored.Columns);
    }

    /// <summary>p05 with no skills and p06 with no goals text: values that the old reader needed a quoted "" for.</summary>
    private static ProgrammeHistory WithEmptyListAndText(ProgrammeHistory h) => h with
    {
        Participants = h.Participants.Select(p => p.ParticipantId switch
        {
            "p05" => p with { Skills = [] },
            "p06" => p with { GoalsText = string.Empty },
            _ => p,
        }).ToList(),
    };

    private static string Json(ProgrammeHistory h) => JsonSerializer.Serialize(h);
}

public enum CsvStyle
{
    /// <summary>Excel's "CSV UTF-8": byte order mark, CRLF, quotes only where needed, empty cells bare.</summary>
    Excel,

    /// <summary>pandas to_csv defaults: no byte order mark, LF, "2024-01-10 08:30:00+00:00", an integer column with a gap as floats ("5.0").</summary>
    Pandas,

    /// <summary>pandas with quoting=csv.QUOTE_ALL: every cell quoted, empty ones too.</summary>
    PandasQuoteAll,
}

/// <summary>Writes a history's four tables the way a spreadsheet tool or pandas would.</summary>
internal static class SpreadsheetCsv
{
    public static async Task WriteAsync(ProgrammeHistory h, string directory, CsvStyle style)
    {
        await WriteAsync(HistoryTables.ToTable(h.Participants), Path.Combine(directory, "participants.csv"), style);
        await WriteAsync(HistoryTables.ToTable(h.Pairs), Path.Combine(directory, "pairs.csv"), style);
        await WriteAsync(HistoryTables.ToTable(h.Sessions), Path.Combine(directory, "sessions.csv"), style);
        await WriteAsync(HistoryTables.ToTable(h.Outcomes), Path.Combine(directory, "outcomes.csv"), style);
    }

    private static async Task WriteAsync(Table table, string path, CsvStyle style)
    {
        string newLine = style == CsvStyle.Excel ? "\r\n" : "\n";
        var sb = new StringBuilder();
        sb.Append(string.Join(',', table.Columns.Select(c => Quote(c.Name, style)))).Append(newLine);
        for (int i = 0; i < table.RowCount; i++)
        {
            sb.Append(string.Join(',', table.Columns.Select(c => Quote(Cell(c, i, style), style)))).Append(newLine);
        }

        await File.WriteAllTextAsync(path, sb.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: style == CsvStyle.Excel));
    }

    private static string Cell(TableColumn c, int i, CsvStyle style)
    {
        if (style != CsvStyle.Excel && c.Kind == ColumnKind.DateTime)
        {
            return c.Times![i]?.ToString("yyyy-MM-dd HH:mm:ss'+00:00'", CultureInfo.InvariantCulture) ?? string.Empty;
        }

        if (style != CsvStyle.Excel && c.Kind == ColumnKind.Integer && c.Integers!.Any(v => v is null))
        {
            return c.Integers![i]?.ToString("0.0", CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return TableWriter.Cell(c, i) ?? string.Empty;
    }

    private static string Quote(string value, CsvStyle style) =>
        style == CsvStyle.PandasQuoteAll || value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}

using System.Text;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Tables;

public sealed class CsvTableReaderTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_doubled_quotes_and_new_lines()
    {
        (RawTable? table, ProblemList problems) = Read("id,text\n1,\"a, b\"\n2,\"she said \"\"non\"\"\"\n3,\"line one\nline two\"\n4,plain\n");

        Assert.False(problems.Any);
        Assert.Equal(["1", "2", "3", "4"], Column(table, "id"));
        Assert.Equal(["a, b", "she said \"non\"", "line one\nline two", "plain"], Column(table, "text"));
    }

    [Fact]
    public void Reads_CRLF_line_endings()
    {
        (RawTable? table, ProblemList problems) = Read("id,text\r\n1,a\r\n2,\"x\r\ny\"\r\n3,c\r\n");

        Assert.False(problems.Any);
        Assert.Equal(["id", "text"], table!.Columns.Select(c => c.Name));
        Assert.Equal(["a", "x\r\ny", "c"], Column(table, "text"));
    }

    [Fact]
    public void Skips_a_UTF8_byte_order_mark()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,text\n1,équipe\n")];

        (RawTable? table, ProblemList problems) = Read(bytes);

        Assert.False(problems.Any);
        Assert.Equal("id", table!.Columns[0].Name);
        Assert.Equal(["équipe"], Column(table, "text"));
    }

    [Theory]
    [InlineData("id,text\n1,a\n\n")]
    [InlineData("id,text\r\n1,a\r\n\r\n")]
    [InlineData("id,text\n1,a")]
    public void Ignores_a_trailing_blank_line_or_a_missing_final_new_line(string text)
    {
        (RawTable? table, ProblemList problems) = Read(text);

        Assert.False(problems.Any);
        Assert.Equal(1, table!.RowCount);
        Assert.Equal(["a"], Column(table, "text"));
    }

    [Fact]
    public void Reads_an_empty_unquoted_field_as_missing_and_a_quoted_one_as_empty()
    {
        (RawTable? table, _) = Read("id,text\n1,\n2,\"\"\n");

        Assert.Equal([null, string.Empty], Column(table, "text"));
    }

    [Fact]
    public void Reports_an_unterminated_quote_once()
    {
        (RawTable? table, ProblemList problems) = Read("id,text,n\n1,a,1\n2,\"never closed,2\n3,c,3\n");

        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.RaggedRow, "t.csv", 2L, (string?)null), (problem.Kind, problem.File, problem.Row!.Value, problem.Column));
        Assert.Equal("a closing double quote", problem.Expected);
        Assert.Equal("end of file inside a quoted field opened on line 3", problem.Found);
        Assert.Equal(["1"], Column(table, "id"));
    }

    [Fact]
    public void Reports_an_unterminated_quote_in_the_header()
    {
        (RawTable? table, ProblemList problems) = Read("id,\"text\n1,a\n");

        Assert.Null(table);
        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.RaggedRow, (long?)null), (problem.Kind, problem.Row));
        Assert.Equal("end of file inside a quoted field opened on line 1", problem.Found);
    }

    [Fact]
    public void Reports_a_ragged_row_with_its_data_row_and_line()
    {
        // The first row spans two lines, so data row 2 is on line 4.
        (RawTable? table, ProblemList problems) = Read("id,text\n1,\"two\nlines\"\n2,b,extra\n3,c\n");

        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.RaggedRow, 2L), (problem.Kind, problem.Row!.Value));
        Assert.Equal("2 fields (line 4)", problem.Expected);
        Assert.Equal("3 fields", problem.Found);
        Assert.Equal(["1", "3"], Column(table, "id"));
        Assert.Equal((1, 3L), (table!.SkippedRows, table.DataRow(1)));
    }

    [Fact]
    public void Refuses_duplicate_header_names()
    {
        (RawTable? table, ProblemList problems) = Read("id,text, id\n1,a,2\n");

        Assert.Null(table);
        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.Inconsistent, "id", (long?)null), (problem.Kind, problem.Column, problem.Row));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Reports_a_file_without_a_header_as_empty(string text)
    {
        (RawTable? table, ProblemList problems) = Read(text);

        Assert.Null(table);
        Assert.Equal(ProblemKind.EmptyFile, Assert.Single(problems.Kept).Kind);
    }

    [Fact]
    public void Reads_a_header_without_rows_as_an_empty_table()
    {
        (RawTable? table, ProblemList problems) = Read("id,text\n");

        Assert.False(problems.Any);
        Assert.Equal((0, 2), (table!.RowCount, table.Columns.Count));
    }

    [Fact]
    public void Reports_text_that_is_not_UTF8_with_its_line()
    {
        // "café" saved as Latin-1: a lone 0xE9 byte.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("id,text\n1,a\n2,caf"), 0xE9, .. Encoding.ASCII.GetBytes("\n")];

        (RawTable? table, ProblemList problems) = Read(bytes);

        Assert.Null(table);
        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.UnreadableFile, "UTF-8 text"), (problem.Kind, problem.Expected));
        Assert.Contains("on line 3", problem.Found, StringComparison.Ordinal);
    }

    private static (RawTable? Table, ProblemList Problems) Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    private static (RawTable? Table, ProblemList Problems) Read(byte[] bytes)
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["t.csv"], bytes);
        var problems = new ProblemList();
        return (CsvTableReader.Read(dir["t.csv"], problems), problems);
    }

    private static IEnumerable<string?> Column(RawTable? table, string name) =>
        (string?[])Assert.Single(table!.Columns, c => c.Name == name).Values;
}

using MatchModels.NotebookKit.Pages;
using MatchModels.NotebookKit.Statistics;
using Microsoft.Data.Analysis;

namespace MatchModels.Notebooks.Tests.NotebookKit.Pages;

public sealed class NotebookPageTests
{
    private static readonly DateTime s_at = new(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Text_from_the_data_is_escaped_in_headings_commentary_tables_and_charts()
    {
        const string Hostile = "<script>alert('x')</script> & \"quotes\"";
        var page = new NotebookPage(Hostile, Hostile);
        page.Cell(Hostile, Hostile)
            .Table(new DataFrame(new StringDataFrameColumn(Hostile, [Hostile])))
            .Chart(SvgChart.Rates(Hostile, Hostile, [Hostile], [new RateSeries(Hostile, [Proportion.Of(1, 2)])]));

        string html = page.Render(s_at);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"quotes\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_are_numbered_in_order_and_consecutive_charts_share_a_row()
    {
        var page = new NotebookPage("t", "i");
        SvgChart chart = SvgChart.Curves("roc", "ROC", "c", "x", "y", [new CurveSeries("v1", [(0, 0), (1, 1)])], markers: false);
        page.Cell("first", "a").Chart(chart).Chart(chart).Text("between").Chart(chart);
        page.Cell("second", "b");

        string html = page.Render(s_at);

        Assert.Equal(3, page.ChartCount);
        Assert.True(html.IndexOf("[1]</span>first", StringComparison.Ordinal) < html.IndexOf("[2]</span>second", StringComparison.Ordinal));
        Assert.Equal(2, html.Split("<div class=\"charts\">").Length - 1);
        Assert.Contains("</figcaption></figure><figure class=\"chart\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_the_page_whole_into_a_new_folder_and_leaves_nothing_aside()
    {
        using var dir = new TempDir();
        var page = new NotebookPage("Outcomes", "i");
        page.Cell("one", "a");

        string written = await page.WriteAsync(dir["out/nested"], "page.html", s_at);

        Assert.Equal(dir["out/nested/page.html"], written);
        Assert.Equal(page.Render(s_at), await File.ReadAllTextAsync(written));
        Assert.Equal([written], Directory.GetFiles(dir["out/nested"]));
    }

    [Fact]
    public void A_table_shows_numbers_in_the_invariant_culture_and_nulls_as_a_dash()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x", [0.12345, -0.0001]), new Int32DataFrameColumn("n", [1200, null]));

        string html = Html.Table(frame);

        Assert.Contains("<td class=\"num\">0.123</td><td class=\"num\">1200</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0.000</td><td class=\"num\">–</td>", html, StringComparison.Ordinal);
    }
}

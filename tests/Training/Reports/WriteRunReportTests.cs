using System.Buffers.Binary;
using System.Text.RegularExpressions;
using MatchModels.Training.Reports;

namespace MatchModels.Training.Tests.Reports;

public sealed partial class WriteRunReportTests
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Embeds_five_charts_as_png_images_of_the_chart_size()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        MatchCollection images = EmbeddedPng().Matches(html);
        Assert.Equal(5, images.Count);
        foreach (Match image in images)
        {
            byte[] png = Convert.FromBase64String(image.Groups[1].Value);
            Assert.Equal(s_pngSignature, png[..8]);

            // The first chunk is IHDR: width and height as big-endian integers at bytes 16 and 20.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(560, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(420, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        }
    }

    [Fact]
    public void Needs_nothing_outside_the_file()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Escapes_every_string_from_the_input()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; = 1", html, StringComparison.Ordinal);
        Assert.Contains("<title>pair-success — run 2026-11-24 &amp; checks</title>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Legal &amp; Compliance</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_oracle_column_only_when_an_oracle_is_given()
    {
        string with = WriteRunReport.ToHtml(RunReportSample.Create(withOracle: true));
        string without = WriteRunReport.ToHtml(RunReportSample.Create(withOracle: false));

        Assert.Contains("<th class=\"num\">Oracle</th>", with, StringComparison.Ordinal);
        Assert.DoesNotContain(">Oracle<", without, StringComparison.Ordinal);
        Assert.Contains("Always predicting the base rate</th>", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Puts_a_model_no_better_than_the_base_rate_in_a_red_box()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create(skilled: false));

        Match verdict = Verdict().Match(html);
        Assert.True(verdict.Success);
        Assert.Equal("verdict-none", verdict.Groups[1].Value);
        Assert.StartsWith("No better than the base rate:", verdict.Groups[2].Value, StringComparison.Ordinal);
        Assert.EndsWith("Do not use this model.", verdict.Groups[2].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Puts_a_skilled_model_in_a_green_box()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create(skilled: true));

        Match verdict = Verdict().Match(html);
        Assert.Equal("verdict-useful", verdict.Groups[1].Value);
        Assert.StartsWith("Useful: AUC 0.", verdict.Groups[2].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_fairness_groups_with_too_small_and_missing_rows_and_flags_audit_attributes()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        Assert.Contains("<h3>gender<span class=\"badge badge-audit\">audit only</span></h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>department</h3>", html, StringComparison.Ordinal);

        // Every 40th row is in Legal & Compliance: 10 rows, under the minimum of 20. Every 17th gender is missing: 24 rows.
        Assert.Contains(
            "<tr class=\"too-small\"><td>Legal &amp; Compliance</td><td class=\"num\">10</td><td colspan=\"7\">too small (fewer than 20 rows)</td></tr>",
            html,
            StringComparison.Ordinal);
        Assert.Contains("<tr><td>(missing)</td><td class=\"num\">24</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Largest gap in</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Highlights_the_chosen_leaderboard_entry()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        Assert.Single(ChosenRow().Matches(html));
        Assert.Contains("<tr class=\"chosen\"><td class=\"num\">2</td><td>fast_tree</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"num\">CV roc_auc (mean ± std)</th>", html, StringComparison.Ordinal);
        Assert.Contains("0.802 ± 0.015", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_run_facts_and_warnings()
    {
        string html = WriteRunReport.ToHtml(RunReportSample.Create());

        Assert.Contains("<tr><th>git commit</th><td><code>42f53ad</code></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Audit attribute &#39;gender&#39; is used as a feature", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_the_same_html_to_a_file_and_leaves_no_temporary_behind()
    {
        using var dir = new TempDir();
        var input = RunReportSample.Create();
        string path = Path.Combine(dir.Path, "runs", "report.html");

        await WriteRunReport.ToFileAsync(input, path);

        Assert.Equal(WriteRunReport.ToHtml(input), await File.ReadAllTextAsync(path));
        Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Refuses_scores_and_labels_that_do_not_pair_up()
    {
        var input = RunReportSample.Create() with { TestLabels = [true, false] };

        Assert.Throws<ArgumentException>(() => WriteRunReport.ToHtml(input));
    }

    [GeneratedRegex("data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex EmbeddedPng();

    [GeneratedRegex("<div class=\"verdict (verdict-[a-z]+)\" role=\"status\">([^<]*)</div>")]
    private static partial Regex Verdict();

    [GeneratedRegex("<tr class=\"chosen\">")]
    private static partial Regex ChosenRow();
}

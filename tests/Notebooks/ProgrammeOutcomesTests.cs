using System.Text.Json;
using System.Text.RegularExpressions;

namespace MatchModels.Notebooks.Tests;

/// <summary>notebooks/programme-outcomes.cs run as a real process, on the sample and on bad input.</summary>
[Collection(NotebookPagesGroup.Name)]
public sealed partial class ProgrammeOutcomesTests(NotebookPagesFixture pages)
{
    private static readonly string[] s_breakdowns =
    [
        "By cohort", "By mentee department", "By mentee site", "By level gap", "By timezone gap", "By shared language", "By mentor load",
        "By time to first session", "By sessions in the first 90 days",
    ];

    [Fact]
    public void Writes_one_page_with_a_rate_chart_and_a_table_for_every_breakdown()
    {
        Assert.True(pages.Outcomes.ExitCode == 0, pages.Outcomes.ToString());
        string html = File.ReadAllText(pages.OutcomesPage);

        Assert.Contains($"wrote {pages.OutcomesPage} (9 charts)", pages.Outcomes.Stdout, StringComparison.Ordinal);
        Assert.Equal(s_breakdowns.Length, Regex.Count(html, "<figure class=\"chart\" data-chart=\"rates\"><svg"));
        Assert.All(s_breakdowns, heading => Assert.Contains("</span>" + heading + "</h2>", html, StringComparison.Ordinal));
        Assert.Contains("</span>What stands out</h2>", html, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(pages.Out, "*.partial"));
    }

    [Fact]
    public void Every_gap_that_stands_out_has_an_interval_on_one_side_of_zero()
    {
        string html = File.ReadAllText(pages.OutcomesPage);
        string section = html[html.IndexOf("What stands out</h2>", StringComparison.Ordinal)..];

        var intervals = StandoutInterval().Matches(section[..section.IndexOf("<div class=\"table\">", StringComparison.Ordinal)]);
        Assert.NotEmpty(intervals);
        Assert.All(intervals, m => Assert.Equal(m.Groups[1].Value, m.Groups[2].Value));

        // The success rule counts early sessions itself: that gap is a definition, not a finding.
        Assert.DoesNotContain("<p>Success by sessions in the first 90 days:", section, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_too_small_to_plot_is_listed_and_has_no_bar()
    {
        string html = File.ReadAllText(pages.OutcomesPage);
        var listed = TooSmallItem().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(listed);
        Assert.All(listed, group => Assert.DoesNotContain($"<title>{group}, success:", html, StringComparison.Ordinal));
        Assert.All(listed, group => Assert.DoesNotContain($"<title>{group}, drop-out:", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_data_folder_stops_with_one_line_naming_it_and_writes_nothing()
    {
        using var dir = new TempDir();
        string missing = dir["no-such-history"];

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("programme-outcomes", "--data", missing, "--out", dir["out"]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: --data {missing}: no such folder (a programme history folder with participants, pairs, sessions and outcomes is needed)", line);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public async Task An_invalid_history_prints_the_problems_data_validate_finds_and_exits_1()
    {
        using var dir = new TempDir();
        string invalid = RepoPaths.Fixture("dangling-pair-mentor");

        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("programme-outcomes", "--data", invalid, "--out", dir["out"]);
        NotebookProcess.Result validate = await NotebookProcess.RunCliAsync("data", "validate", invalid, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, validate.ExitCode);
        var problems = JsonDocument.Parse(validate.Stdout).RootElement.GetProperty("problems").EnumerateArray().Select(p => "  " + p.GetProperty("message").GetString()).ToList();
        Assert.NotEmpty(problems);
        Assert.Equal([$"error: --data {invalid} failed validation with {problems.Count} problem(s); nothing was analysed:", .. problems], run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public async Task An_option_it_does_not_take_stops_with_its_usage()
    {
        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("programme-outcomes", "--registry", "models");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: unknown argument '--registry' for programme-outcomes (usage: dotnet run notebooks/programme-outcomes.cs -- [--data DIR] [--out DIR])",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task An_option_without_its_value_stops_with_the_usage()
    {
        NotebookProcess.Result run = await NotebookProcess.RunNotebookAsync("programme-outcomes", "--out");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: --out needs a value (usage: dotnet run notebooks/programme-outcomes.cs -- [--data DIR] [--out DIR])",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>"[+12.3 pp, +40.1 pp]" in a stand-out sentence: the signs of both ends.</summary>
    [GeneratedRegex(@"\[([+−])\d+\.\d pp, ([+−])\d+\.\d pp\]\.</p>")]
    private static partial Regex StandoutInterval();

    [GeneratedRegex(@"<li>([^<:]+): \d+ labelled for success, \d+ for drop-out</li>")]
    private static partial Regex TooSmallItem();
}

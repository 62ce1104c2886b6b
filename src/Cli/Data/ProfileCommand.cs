using System.CommandLine;
using System.Globalization;
using MatchModels.Core.History;
using MatchModels.Core.Profiling;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary><c>matchmodels data profile DIR [--json]</c>: row counts, nulls, ranges and quantiles, top values, outcomes by cohort.</summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Directory with the programme-history tables." };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON." };
        var command = new Command("profile", "A first look at each table and at outcomes by cohort.") { dir, json };
        command.SetAction(async (parse, ct) =>
        {
            HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(parse.GetValue(dir)!, ct);
            HistoryProfile profile = ProfileHistory.Run(loaded.Tables, loaded.History);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { valid = loaded.Ok, problem_count = loaded.ProblemCount, profile.Tables, profile.Cohorts });
            }
            else
            {
                Render(profile);
                if (!loaded.Ok)
                {
                    CliRunner.Out.MarkupLine($"[red]invalid[/]: {loaded.ProblemCount} problem(s); tables with problems are left out. Run 'matchmodels data validate' for the list.");
                }
            }

            return loaded.Ok ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return command;
    }

    private static void Render(HistoryProfile profile)
    {
        IAnsiConsole console = CliRunner.Out;
        foreach (TableProfile t in profile.Tables)
        {
            console.Write(new Rule($"[bold]{t.Table}[/] ({Markup.Escape(t.File)}, {N(t.Rows)} rows)").LeftJustified());
            var table = new Table().AddColumns("column", "type", "nulls", "summary");
            foreach (ColumnProfile c in t.Columns)
            {
                table.AddRow(c.Name, c.Type, N(c.Nulls), Markup.Escape(Summary(c)));
            }

            console.Write(table);
        }

        if (profile.Cohorts.Count == 0)
        {
            return;
        }

        console.Write(new Rule("[bold]outcomes by cohort[/]").LeftJustified());
        var cohorts = new Table().AddColumns("cohort", "first match", "pairs", "accepted", "completed", "dropped", "running", "sessions/pair", "mentee sat.");
        foreach (CohortOutcomes c in profile.Cohorts)
        {
            cohorts.AddRow(
                Markup.Escape(c.CohortId), c.FirstMatch.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(c.Pairs),
                P(c.AcceptedRate), P(c.CompletedRate), P(c.DroppedRate), P(c.StillRunningRate),
                F(c.MeanSessions), c.MeanMenteeSatisfaction is { } s ? F(s) : "-");
        }

        console.Write(cohorts);
    }

    private static string Summary(ColumnProfile c)
    {
        if (c.Numeric is { } n)
        {
            return $"min {F(n.Min)}  p5 {F(n.P05)}  p25 {F(n.P25)}  median {F(n.Median)}  p75 {F(n.P75)}  p95 {F(n.P95)}  max {F(n.Max)}  mean {F(n.Mean)}";
        }

        if (c.Times is { } t)
        {
            return $"{t.Min:yyyy-MM-dd} .. {t.Max:yyyy-MM-dd}";
        }

        string distinct = c.Distinct is { } d ? $"{N(d)} distinct" : "";
        return c.TopValues is { Count: > 0 } top
            ? $"{distinct}; top: {string.Join(", ", top.Select(v => $"{v.Value} {P(v.Share)}"))}"
            : distinct;
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(double x) => x.ToString("0.0%", CultureInfo.InvariantCulture);
}

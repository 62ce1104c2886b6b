using System.CommandLine;
using System.Globalization;
using MatchModels.Core.Import;
using MatchModels.Core.Validation;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary>
/// <c>matchmodels data import SRC --mapping MAP.yaml --out DIR [--json]</c>: an HR-system export mapped onto the
/// programme history, written and validated, or nothing written. Exit 2 when the arguments or the mapping cannot be
/// used, 1 when the data has problems (unmapped values included).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "Folder of the HR-system export files (.csv or .parquet)." };
        var mapping = new Option<string>("--mapping") { Description = "The mapping file (YAML): which export file and column feeds each history table and column.", Required = true };
        var output = new Option<string>("--out") { Description = "The history folder to write (new or empty).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("import", "Import an HR-system export into a validated programme history.") { source, mapping, output, json };
        command.SetAction(async (parse, ct) =>
        {
            ImportReport report;
            try
            {
                report = await ImportHistory.RunAsync(parse.GetValue(source)!, parse.GetValue(mapping)!, parse.GetValue(output)!, ct);
            }
            catch (ImportMappingException e)
            {
                throw new CliException(e.Message);
            }

            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(report);
            }
            else
            {
                Render(report);
            }

            return report.Written ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return command;
    }

    private static void Render(ImportReport r)
    {
        IAnsiConsole console = CliRunner.Out;
        CultureInfo inv = CultureInfo.InvariantCulture;
        foreach (UnusedColumn u in r.Unused)
        {
            console.MarkupLine($"[yellow]notice[/]: {Markup.Escape(u.File)}: column '{Markup.Escape(u.Column)}' is not used by the mapping ({u.NonEmpty.ToString(inv)} non-empty value(s))");
        }

        foreach (UnmappedValue u in r.Unmapped)
        {
            console.MarkupLine($"[red]unmapped[/]: {Markup.Escape(u.File)}, column {Markup.Escape(u.Column)} → {u.Target}: value \"{Markup.Escape(u.Value)}\" is not in the value map, "
                + $"{u.Count.ToString(inv)} row(s), first at row(s) {string.Join(", ", u.FirstRows)}");
        }

        if (r.Problems.Count > 0)
        {
            var table = new Table().AddColumns("file", "row", "column", "problem", "expected", "found");
            foreach (ValidationProblem p in r.Problems)
            {
                table.AddRow(Markup.Escape(p.File), p.Row?.ToString(inv) ?? "", Markup.Escape(p.Column ?? ""), p.KindText, Markup.Escape(p.Expected), Markup.Escape(p.Found));
            }

            console.Write(table);
        }

        if (r.Written)
        {
            string rows = string.Join(", ", r.Tables.Select(t => $"{t.Table} {t.Rows.ToString(inv)} (from {t.SourceFile})"));
            console.MarkupLine($"[green]imported[/]: {Markup.Escape(r.Output)}: {Markup.Escape(rows)}; valid as data validate checks it.");
        }
        else
        {
            console.MarkupLine($"[red]not imported[/]: {r.Unmapped.Count} unmapped value(s), {r.ProblemCount} problem(s); nothing written to {Markup.Escape(r.Output)}.");
        }
    }
}

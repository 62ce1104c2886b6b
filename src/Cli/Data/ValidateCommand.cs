using System.CommandLine;
using MatchModels.Core.Columns;
using MatchModels.Core.History;
using MatchModels.Core.Validation;
using MatchModels.Training.Pipelines;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary><c>matchmodels data validate DIR [--json]</c>: every problem with file, row, column, expected and found.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Directory with participants, pairs, sessions and outcomes (.parquet or .csv)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var pipeline = new Option<string?>("--pipeline") { Description = "Also check the participant columns this pipeline file declares (its columns: section)." };
        var command = new Command("validate", "Check a programme history against data/schemas and across tables.") { dir, json, pipeline };
        command.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<DeclaredColumn> declared = parse.GetValue(pipeline) is { } file ? DeclaredIn(file) : [];
            HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(parse.GetValue(dir)!, declared, ct);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(ValidationReport.From(parse.GetValue(dir)!, result));
            }
            else
            {
                Render(result);
            }

            return result.Ok ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return command;
    }

    private static IReadOnlyList<DeclaredColumn> DeclaredIn(string file)
    {
        try
        {
            return PipelineFile.Load(file).Columns;
        }
        catch (PipelineFileException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static void Render(HistoryLoadResult result)
    {
        IAnsiConsole console = CliRunner.Out;
        if (result.Files.Count > 0)
        {
            var files = new Table().AddColumns("table", "file", "format", "rows", "sha256");
            foreach (TableFile f in result.Files)
            {
                files.AddRow(f.Table, Markup.Escape(f.Path), f.Format.ToString().ToLowerInvariant(), f.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), f.Sha256[..12]);
            }

            console.Write(files);
        }

        foreach (IgnoredColumns ignored in result.Ignored)
        {
            console.MarkupLine($"[yellow]ignored[/]: {Markup.Escape(ignored.File)}: {ignored.Columns.Count} column(s) not in data/schemas/{ignored.Table}.schema.json, not read: {Markup.Escape(string.Join(", ", ignored.Columns))}");
        }

        if (result.Ok)
        {
            console.MarkupLine("[green]valid[/]: no problems found.");
            return;
        }

        var table = new Table().AddColumns("file", "row", "column", "problem", "expected", "found");
        foreach (ValidationProblem p in result.Problems)
        {
            table.AddRow(
                Markup.Escape(p.File),
                p.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(p.Column ?? ""),
                p.KindText,
                Markup.Escape(p.Expected),
                Markup.Escape(p.Found));
        }

        console.Write(table);
        string shown = result.ProblemCount > result.Problems.Count ? $" (first {result.Problems.Count} shown)" : "";
        console.MarkupLine($"[red]invalid[/]: {result.ProblemCount} problem(s){shown}.");
    }
}

/// <summary>The JSON shape of a validation, for scripts.</summary>
public sealed record ValidationReport(
    string Directory,
    bool Valid,
    long ProblemCount,
    IReadOnlyList<ValidationReport.FileEntry> Files,
    IReadOnlyList<ValidationReport.IgnoredEntry> IgnoredColumns,
    IReadOnlyList<ValidationReport.ProblemEntry> Problems)
{
    public sealed record IgnoredEntry(string Table, string File, IReadOnlyList<string> Columns);

    public sealed record FileEntry(string Table, string Path, string Format, int Rows, long Bytes, string Sha256);

    public sealed record ProblemEntry(string Kind, string File, long? Row, string? Column, string Expected, string Found, string Message);

    public static ValidationReport From(string directory, HistoryLoadResult r) => new(
        directory,
        r.Ok,
        r.ProblemCount,
        r.Files.Select(f => new FileEntry(f.Table, f.Path, f.Format.ToString().ToLowerInvariant(), f.Rows, f.Bytes, f.Sha256)).ToList(),
        r.Ignored.Select(i => new IgnoredEntry(i.Table, i.File, i.Columns)).ToList(),
        r.Problems.Select(p => new ProblemEntry(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Kind.ToString()), p.File, p.Row, p.Column, p.Expected, p.Found, p.Message)).ToList());
}

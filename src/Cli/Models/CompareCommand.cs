using System.CommandLine;
using System.Globalization;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models compare NAME V1 V2 [--json]</c>: metrics side by side, importance changes, data digests, pipeline diff.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var a = new Argument<int>("V1") { Description = "The first version." };
        var b = new Argument<int>("V2") { Description = "The second version." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("compare", "Compare two versions of a model.") { name, a, b, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            VersionComparison c = CompareModelVersions.Run(new ModelRegistry(parse.GetValue(registry)!), ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(a), parse.GetValue(b));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(c);
                return ExitCodes.Ok;
            }

            Render(c);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Render(VersionComparison c)
    {
        IAnsiConsole console = CliRunner.Out;
        console.MarkupLine($"trainer: {Markup.Escape(c.TrainerA ?? "(imported)")} → {Markup.Escape(c.TrainerB ?? "(imported)")}");
        console.Write(Table($"test metrics ({c.Name}:{c.A} vs {c.Name}:{c.B})", "metric", c.Metrics));
        console.Write(Table("permutation importance (largest change first)", "feature", c.Importance.Take(15)));
        var data = new Table().Title("training data").AddColumns("table", $"v{c.A}", $"v{c.B}", "same");
        foreach (DataComparison d in c.Data)
        {
            data.AddRow(d.Table, Markup.Escape($"{d.FileA} {d.Sha256A?[..12]}"), Markup.Escape($"{d.FileB} {d.Sha256B?[..12]}"), d.Same ? "yes" : "[yellow]no[/]");
        }

        console.Write(data);
        console.MarkupLine(c.PipelineDiff.Count == 0 ? "pipeline: identical" : "pipeline diff:");
        foreach (string line in c.PipelineDiff)
        {
            console.WriteLine(line);
        }
    }

    private static Table Table(string title, string key, IEnumerable<SideBySide> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns(key, "A", "B", "B − A");
        foreach (SideBySide r in rows)
        {
            table.AddRow(Markup.Escape(r.Name), F(r.A), F(r.B), r.Difference is { } d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : "");
        }

        return table;
    }

    private static string F(double? x) => x is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}

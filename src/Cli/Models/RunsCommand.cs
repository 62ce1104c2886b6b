using System.CommandLine;
using System.Globalization;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models runs NAME [--json]</c>: a model's training runs with their status, including the interrupted ones.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model whose runs to list." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("runs", "List a model's training runs: status (running, succeeded, failed, cancelled, interrupted), trainer, test AUC, version.") { name, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            IReadOnlyList<TrainingRunSummary> runs = TrainingRuns.List(new ModelRegistry(parse.GetValue(registry)!), parse.GetValue(name)!);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(runs);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("run", "status", "started (UTC)", "finished (UTC)", "trainer", "test AUC", "version", "detail");
            foreach (TrainingRunSummary r in runs)
            {
                table.AddRow(r.Id, r.Status == TrainingRuns.Interrupted ? $"[red]{r.Status}[/]" : r.Status, Time(r.StartedAtUtc), Time(r.FinishedAtUtc), r.Trainer ?? "",
                    r.TestRocAuc?.ToString("0.####", CultureInfo.InvariantCulture) ?? "", r.RegisteredVersion?.ToString(CultureInfo.InvariantCulture) ?? "", Markup.Escape(r.Error ?? ""));
            }

            CliRunner.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Time(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}

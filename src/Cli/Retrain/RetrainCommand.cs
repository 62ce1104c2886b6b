using System.CommandLine;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Retraining;
using MatchModels.Training;
using MatchModels.Training.Retraining;
using Spectre.Console;

namespace MatchModels.Cli.Retrain;

/// <summary>
/// <c>matchmodels retrain NAME [--data DIR] [--trials N] [--json] [--registry DIR]</c>, for a person or a scheduler: weighs the
/// champion's retraining policy against the latest monitoring report and, when triggered, retrains and registers through
/// the gates, then awaits approval or promotes. Exit 0 when a decision was made (triggered or not), 1 when the evidence
/// is bad or the training failed, 2 for bad arguments, no champion or no policy.
/// </summary>
public static class RetrainCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model whose champion's retraining policy is weighed." };
        var data = new Option<string?>("--data") { Description = "The folder of the latest programme export (overrides the policy's monitoring.retraining.data)." };
        var trials = new Option<int?>("--trials") { Description = "Number of search candidates instead of the pipeline's search budget." };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON for scripts." };
        var registry = RegistryOption.Create();
        var command = new Command("retrain", "Retrain a model when its policy's triggers fire on the latest monitoring evidence; the new version awaits a person's approval unless the policy says otherwise.")
        {
            name, data, trials, json, registry,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(trials) is { } t && t <= 0)
            {
                throw new CliException($"--trials must be a positive whole number, found {t}");
            }

            RetrainingDecision decision;
            try
            {
                var request = new RetrainRequest(parse.GetValue(registry)!, ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(data), parse.GetValue(trials));
                decision = await new RetrainModel(TimeProvider.System).RunAsync(request, null, ct);
            }
            catch (Exception e) when (e is RegistryException or RetrainingRequestException)
            {
                throw new CliException(e.Message);
            }
            catch (Exception e) when (e is MonitoringEvidenceException or TrainingException)
            {
                throw new CliException(e.Message, ExitCodes.Problems);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(decision, WriteMonitoringReport.Json));
                return ExitCodes.Ok;
            }

            foreach (TriggerCheck c in decision.Checks)
            {
                CliRunner.Out.MarkupLine($"trigger {c.Trigger}: {(c.Fired ? "[red]fired[/]" : "[green]quiet[/]")} ({Markup.Escape(c.Evidence)})");
            }

            CliRunner.Out.MarkupLine(Markup.Escape($"{decision.Model}: {decision.Outcome}: {decision.Why}{(decision.Detail is null ? "" : $"; {decision.Detail}")}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}

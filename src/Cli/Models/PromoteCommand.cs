using System.CommandLine;
using MatchModels.Core.Registry;
using MatchModels.Training.Gates;
using MatchModels.Training.Registration;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models promote NAME VERSION [--alias champion] [--force --reason "…"] [--json]</c>.</summary>
public static class PromoteCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var version = new Argument<int>("VERSION") { Description = "The version to promote." };
        var alias = new Option<string>("--alias") { Description = "The alias to point at it.", DefaultValueFactory = _ => ModelReference.Champion };
        var force = new Option<bool>("--force") { Description = "Skip the promotion gates, even failed ones (needs --reason)." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the registry's history. Enough on its own to promote a version whose gates are inconclusive." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("promote", "Point an alias (champion by default) at a version, if it passes its pipeline's gates.") { name, version, alias, force, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            var request = new PromotionRequest(ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(version), ModelReference.CheckAlias(parse.GetValue(alias)!), parse.GetValue(force), parse.GetValue(reason));
            PromotionResult result = PromoteWithGates.Run(new ModelRegistry(parse.GetValue(registry)!), request, DateTime.UtcNow);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(result);
                return ExitCodes.Ok;
            }

            foreach (var check in result.Gates?.Checks ?? [])
            {
                string colour = check.Outcome == GateOutcome.Pass ? "green" : "yellow";
                CliRunner.Out.MarkupLine($"gate {check.Gate}: [{colour}]{WeighEvidence.Word(check.Outcome)}[/] ({Markup.Escape(check.Detail)})");
            }

            AliasChange c = result.Change;
            string how = result.Forced ? $", [yellow]forced[/]: {Markup.Escape(result.Reason!)}" : result.Reviewed ? $", [yellow]gates inconclusive, promoted by a person[/]: {Markup.Escape(result.Reason!)}" : "";
            CliRunner.Out.MarkupLine($"{c.Name}@{c.Alias} → version {c.Version}{(c.Previous is { } p ? $" (was {p})" : "")}{how}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

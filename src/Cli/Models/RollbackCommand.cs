using System.CommandLine;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models rollback NAME [--alias champion] [--reason "…"] [--json]</c>: the alias back to its previous version.</summary>
public static class RollbackCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var alias = new Option<string>("--alias") { Description = "The alias to roll back.", DefaultValueFactory = _ => ModelReference.Champion };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the registry's history." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("rollback", "Point the champion (or --alias) back at the version it pointed at before.") { name, alias, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            AliasChange c = RollbackAlias.Run(new ModelRegistry(parse.GetValue(registry)!), ModelReference.CheckName(parse.GetValue(name)!), DateTime.UtcNow,
                ModelReference.CheckAlias(parse.GetValue(alias)!), parse.GetValue(reason));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(c);
            }
            else
            {
                CliRunner.Out.MarkupLine($"{c.Name}@{c.Alias} → version {c.Version} (was {c.Previous})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

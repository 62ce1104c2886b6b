using System.CommandLine;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models delete NAME VERSION [--reason "…"] [--json]</c>: refused while an alias points at the version.</summary>
public static class DeleteCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var version = new Argument<int>("VERSION") { Description = "The version to delete." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the registry's history." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("delete", "Delete a version no alias points at (its number is never reused).") { name, version, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            string model = ModelReference.CheckName(parse.GetValue(name)!);
            int v = parse.GetValue(version);
            DeleteModelVersion.Run(new ModelRegistry(parse.GetValue(registry)!), model, v, DateTime.UtcNow, parse.GetValue(reason));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { name = model, version = v, deleted = true });
            }
            else
            {
                CliRunner.Out.MarkupLine($"deleted {model}:{v}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

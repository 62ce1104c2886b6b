using System.CommandLine;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models reject NAME VERSION --reason "…" [--json]</c>: a person's decision on a retrained candidate; exit 2 when the version is not awaiting approval.</summary>
public static class RejectCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var version = new Argument<int>("VERSION") { Description = "The version awaiting approval." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept with your user name in the registry's history.", Required = true };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("reject", "Reject a version awaiting approval: the candidate alias is removed and the champion stays.") { name, version, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            string why = parse.GetValue(reason)!;
            AliasChange c = DecideOnCandidate.Reject(new ModelRegistry(parse.GetValue(registry)!), ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(version), why, DateTime.UtcNow);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { decision = "reject", change = c, reason = why });
                return ExitCodes.Ok;
            }

            CliRunner.Out.MarkupLine(Markup.Escape($"{c.Name}:{c.Version} rejected, candidate alias removed: {why}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}

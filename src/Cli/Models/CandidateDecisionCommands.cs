using System.CommandLine;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary>
/// <c>matchmodels models approve|reject NAME VERSION --reason "…" [--json]</c>: a person's decision on a retrained
/// candidate; exit 2 when the version is not awaiting approval. The two commands differ only in the decision they take.
/// </summary>
public static class CandidateDecisionCommands
{
    public static Command Approve() => Create(
        "approve",
        "Approve a version awaiting approval: it becomes the champion (its gates were weighed at registration); the candidate alias is removed.",
        DecideOnCandidate.Approve,
        (c, why) => $"{c.Name}@champion → version {c.Version}{(c.Previous is { } p ? $" (was {p})" : "")}, approved: {why}");

    public static Command Reject() => Create(
        "reject",
        "Reject a version awaiting approval: the candidate alias is removed and the champion stays.",
        DecideOnCandidate.Reject,
        (c, why) => $"{c.Name}:{c.Version} rejected, candidate alias removed: {why}");

    private static Command Create(string decision, string description, Func<ModelRegistry, string, int, string, DateTime, AliasChange> decide, Func<AliasChange, string, string> summary)
    {
        var name = new Argument<string>("NAME") { Description = "The model." };
        var version = new Argument<int>("VERSION") { Description = "The version awaiting approval." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept with your user name in the registry's history.", Required = true };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command(decision, description) { name, version, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            string why = parse.GetValue(reason)!;
            AliasChange c = decide(new ModelRegistry(parse.GetValue(registry)!), ModelReference.CheckName(parse.GetValue(name)!), parse.GetValue(version), why, DateTime.UtcNow);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { decision, change = c, reason = why });
            }
            else
            {
                CliRunner.Out.MarkupLine(Markup.Escape(summary(c, why)));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

using System.CommandLine;
using MatchModels.Core.Registry;
using MatchModels.Training;
using MatchModels.Training.Registration;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models register RUN_DIR [--alias A] [--force --reason "…"] [--json]</c>: register the model a past run kept.</summary>
public static class RegisterCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN_DIR") { Description = "A training run folder, models/<name>/runs/<timestamp>." };
        var alias = new Option<string?>("--alias") { Description = "Point this alias at the new version." };
        var force = new Option<bool>("--force") { Description = "Register even though the gates fail (needs --reason)." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the registry's history." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("register", "Register the model of a past training run, after its gates and an ONNX parity check.") { run, alias, force, reason, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            string dir = parse.GetValue(run)!;
            if (!Directory.Exists(dir))
            {
                throw new CliException($"run folder {dir} does not exist");
            }

            string? toAlias = parse.GetValue(alias) is { } a ? ModelReference.CheckAlias(a) : null;
            (ModelVersion version, _) = Registered(() => RegisterRun.Run(new ModelRegistry(parse.GetValue(registry)!), TimeProvider.System, dir, toAlias, parse.GetValue(force), parse.GetValue(reason)));
            ModelManifest m = version.Manifest;
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { name = m.Name, version = m.Version, alias = toAlias, directory = version.Directory, parity = m.Parity });
            }
            else
            {
                CliRunner.Out.MarkupLine($"registered {m.Name}:{m.Version}{(toAlias is null ? "" : $" ({toAlias})")}; ONNX parity max |Δp| {m.Parity!.MaxAbsDifference:0.###e+0} over {m.Parity.Rows:N0} rows");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static T Registered<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (TrainingException e)
        {
            throw new CliException(e.Message, ExitCodes.Problems);
        }
    }
}

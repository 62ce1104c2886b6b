using System.CommandLine;
using MatchModels.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace MatchModels.Cli.Serve;

/// <summary><c>matchmodels serve [--registry DIR] [--urls URL]</c>: runs the scoring API over a registry until stopped.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var registry = RegistryOption.Create();
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServingHost.DefaultUrl}).", DefaultValueFactory = _ => ServingHost.DefaultUrl };
        var command = new Command("serve", "Serve the registry's models over HTTP: /v1 predict and rank from profiles, /v2 Open Inference Protocol, /metrics, /docs.") { registry, urls };
        command.SetAction(async (parse, ct) =>
        {
            string dir = Path.GetFullPath(parse.GetValue(registry)!);
            if (!Directory.Exists(dir))
            {
                throw new CliException($"registry folder {dir} does not exist");
            }

            WebApplication app = ServingHost.Build(["--urls", parse.GetValue(urls)!, "--Serving:Registry", dir]);
            await app.StartAsync(ct);
            Console.Error.WriteLine($"serving {dir} on {string.Join(", ", app.Urls)}; Ctrl+C to stop");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}

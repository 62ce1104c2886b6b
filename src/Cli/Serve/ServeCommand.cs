using System.CommandLine;
using MatchModels.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace MatchModels.Cli.Serve;

/// <summary>
/// <c>matchmodels serve [--registry DIR] [--keys FILE] [--prediction-log DIR] [--urls URL]</c>: runs the scoring API
/// over a registry until stopped. Each option maps to its <c>Serving</c> setting; an option not given leaves the
/// host's configuration (appsettings, environment) in charge. Ctrl+C or SIGTERM stops it gracefully: it finishes the
/// requests in flight, compacts the write-ahead log into Parquet, and exits 0. Every answered prediction is on disk
/// before its answer, so a kill -9 loses none: the next start replays the write-ahead log. With
/// <c>Serving__PredictionLog__ConnectionString</c> in the environment the log is a PostgreSQL database instead (no
/// option for it: a command line is visible to every user of the machine, and the string holds a password).
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var registry = RegistryOption.Create();
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServingHost.DefaultUrl}).", DefaultValueFactory = _ => ServingHost.DefaultUrl };
        var keys = new Option<string?>("--keys") { Description = "The API keys file written by 'matchmodels keys create' (Serving:KeysFile)." };
        var predictionLog = new Option<string?>("--prediction-log") { Description = "The folder the prediction log is written to (Serving:PredictionLog:Folder)." };
        var command = new HostedCommand("serve", "Serve the registry's models over HTTP: /v1 predict and rank from profiles, /v2 Open Inference Protocol, /metrics, /docs.")
        {
            registry, keys, predictionLog, urls,
        };
        command.SetAction(async (parse, ct) =>
        {
            string dir = Path.GetFullPath(parse.GetValue(registry)!);
            if (!Directory.Exists(dir))
            {
                throw new CliException($"registry folder {dir} does not exist");
            }

            var args = new List<string> { "--urls", parse.GetValue(urls)!, "--Serving:Registry", dir };
            if (parse.GetValue(keys) is { } keysFile)
            {
                args.AddRange(["--Serving:KeysFile", Path.GetFullPath(keysFile)]);
            }

            if (parse.GetValue(predictionLog) is { } logFolder)
            {
                args.AddRange(["--Serving:PredictionLog:Folder", Path.GetFullPath(logFolder)]);
            }

            // Disposed so that the console logger writes its last lines (the log writers' totals) before the process ends.
            await using WebApplication app = ServingHost.Build([.. args]);
            try
            {
                await app.StartAsync(ct);
            }
            catch (MatchModels.Serving.PredictionLog.Postgres.PredictionLogDatabaseException e)
            {
                throw new CliException(e.Message);
            }

            Console.Error.WriteLine($"serving {dir} on {string.Join(", ", app.Urls)}; Ctrl+C to stop");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using MatchModels.Core.PersonalData;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary>
/// <c>matchmodels data access|erase|retention</c>: what MatchModels holds about a person (GDPR Art. 15), removing it
/// (Art. 17) with the versions trained on it, and the retention periods of each store.
/// </summary>
public static class PersonalDataCommands
{
    public static Command Access()
    {
        var participant = new Option<string>("--participant") { Description = "The participant id to look for.", Required = true };
        (Option<string> log, Option<string> registry, Option<string?> history, Option<bool> json) = StoreOptions();
        var command = new Command("access", "Print everything held about one participant: predictions about them (with the version that made each), outcomes, run folders' test predictions, and the versions trained on their data.")
        {
            participant, log, registry, history, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            ParticipantData data = await Guard(() => FindParticipantData.RunAsync(Stores(parse, log, registry, history), parse.GetValue(participant)!, ct));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(data);
                return ExitCodes.Ok;
            }

            IAnsiConsole console = CliRunner.Out;
            console.MarkupLine($"participant [bold]{Markup.Escape(data.ParticipantId)}[/]: {data.Predictions.Count} prediction(s), {data.Outcomes.Count} outcome(s), {data.RunPredictions.Count} run test prediction(s)");
            var predictions = new Table().AddColumns("time (UTC)", "model", "version", "role", "pair", "probability", "label", "request");
            foreach (var p in data.Predictions)
            {
                predictions.AddRow(p.TimeUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), p.Model, p.Version.ToString(CultureInfo.InvariantCulture), p.Role,
                    Markup.Escape(p.PairId ?? ""), p.Probability.ToString("0.####", CultureInfo.InvariantCulture), p.Label?.ToString() ?? "", p.RequestId);
            }

            console.Write(predictions);
            var versions = new Table().AddColumns("model", "version", "lineage");
            foreach (VersionLineage v in data.Versions)
            {
                versions.AddRow(v.Model, v.Version.ToString(CultureInfo.InvariantCulture), v.Finding);
            }

            console.Write(versions);
            Notes(data.Notes);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Erase()
    {
        var participants = new Option<string[]>("--participant") { Description = "A participant id to erase; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        (Option<string> log, Option<string> registry, Option<string?> history, Option<bool> json) = StoreOptions();
        var command = new Command("erase", "Remove a participant's rows from the prediction log, the outcomes and the run folders, and list the registered versions trained on their data.")
        {
            participants, log, registry, history, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            string[] ids = parse.GetValue(participants) ?? [];
            if (ids.Length == 0 || ids.Any(string.IsNullOrWhiteSpace))
            {
                throw new CliException("--participant: name at least one participant id, none empty");
            }

            ErasureResult result = await Guard(() => EraseParticipantData.RunAsync(Stores(parse, log, registry, history), ids, ct));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(result);
                return ExitCodes.Ok;
            }

            CliRunner.Out.MarkupLine($"erased {result.Predictions} prediction(s), {result.Outcomes} outcome(s) and {result.RunPredictions} run test prediction(s) ({result.FilesRewritten} file(s) rewritten)");
            foreach (VersionLineage v in result.TrainedOn)
            {
                CliRunner.Out.MarkupLine($"[yellow]{v.Model}:{v.Version}[/] was trained on their data: retrain without them and delete it to complete the erasure");
            }

            foreach (VersionLineage v in result.Unknown)
            {
                CliRunner.Out.MarkupLine($"{v.Model}:{v.Version}: {Markup.Escape(v.Finding)}");
            }

            Notes(result.Notes);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Retention()
    {
        var predictions = new Option<int?>("--predictions-days") { Description = $"Days the prediction log keeps a row (default {RetentionPeriods.Default.PredictionDays}; the AI Act asks for at least six months)." };
        var outcomes = new Option<int?>("--outcomes-days") { Description = $"Days outcomes are kept (default {RetentionPeriods.Default.OutcomeDays})." };
        var runs = new Option<int?>("--runs-days") { Description = $"Days a run folder keeps its test-predictions.csv (default {RetentionPeriods.Default.RunDays})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be removed, remove nothing." };
        (Option<string> log, Option<string> registry, _, Option<bool> json) = StoreOptions();
        var command = new Command("retention", "Remove what is older than each store's retention period: prediction log, outcomes, run folders' test predictions.")
        {
            predictions, outcomes, runs, dryRun, log, registry, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            RetentionPeriods d = RetentionPeriods.Default;
            var periods = new RetentionPeriods(Days(parse, predictions, d.PredictionDays), Days(parse, outcomes, d.OutcomeDays), Days(parse, runs, d.RunDays));
            RetentionResult result = await Guard(() => EnforceRetention.RunAsync(new PersonalDataStores(parse.GetValue(log), parse.GetValue(registry), null), periods, DateTime.UtcNow, parse.GetValue(dryRun), ct));
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(result);
                return ExitCodes.Ok;
            }

            string verb = parse.GetValue(dryRun) ? "would remove" : "removed";
            CliRunner.Out.MarkupLine($"{verb} {result.Predictions} prediction(s) older than {periods.PredictionDays} days, {result.Outcomes} outcome(s) older than {periods.OutcomeDays} days, and the test predictions of {result.RunFiles} run(s) older than {periods.RunDays} days");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int? Days(ParseResult parse, Option<int?> option, int? fallback)
    {
        int? days = parse.GetValue(option) ?? fallback;
        return days is < 1 ? throw new CliException($"{option.Name}: a retention period is a whole number of days ≥ 1, found {days}") : days;
    }

    private static (Option<string> Log, Option<string> Registry, Option<string?> History, Option<bool> Json) StoreOptions() => (
        new Option<string>("--log") { Description = "The prediction log folder (Serving:PredictionLog:Folder).", DefaultValueFactory = _ => "prediction-log" },
        RegistryOption.Create(),
        new Option<string?>("--history") { Description = "The programme history the runs were trained from: needed to tie run folders' pair ids to the person." },
        new Option<bool>("--json") { Description = "Print the result as JSON." });

    private static PersonalDataStores Stores(ParseResult parse, Option<string> log, Option<string> registry, Option<string?> history)
    {
        string? h = parse.GetValue(history);
        if (h is not null && !Directory.Exists(h))
        {
            throw new CliException($"--history: {h} is not a folder");
        }

        return new PersonalDataStores(parse.GetValue(log), parse.GetValue(registry), h);
    }

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message, ExitCodes.Problems);
        }
    }

    private static void Notes(IEnumerable<string> notes)
    {
        foreach (string n in notes)
        {
            CliRunner.Out.MarkupLine($"[grey]note:[/] {Markup.Escape(n)}");
        }
    }
}

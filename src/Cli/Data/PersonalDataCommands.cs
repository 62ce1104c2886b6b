using System.CommandLine;
using System.Globalization;
using MatchModels.Core.PersonalData;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary>
/// <c>matchmodels data access|erase|retention</c>: what MatchModels holds about a person (GDPR Art. 15), removing it
/// (Art. 17) with the versions trained on it, and the retention periods of each store. When
/// <c>Serving__PredictionLog__ConnectionString</c> is set, as for <c>serve</c>, the prediction log's PostgreSQL
/// database is covered too, beside the <c>--log</c> folder.
/// </summary>
public static class PersonalDataCommands
{
    /// <summary>The setting serve reads the log's database from, read here from the same environment variable.</summary>
    public const string DatabaseVariable = "Serving__PredictionLog__ConnectionString";

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
            string id = parse.GetValue(participant)!;
            ParticipantData data = await Guard(() => FindParticipantData.RunAsync(Stores(parse, log, registry, history), id, ct));
            data = await InDatabaseAsync(async (rows, where) =>
            {
                (IReadOnlyList<Core.PredictionLog.PredictionRecord> p, IReadOnlyList<Core.PredictionLog.OutcomeRecord> o) = await rows.FindAsync(id, ct);
                return data with { Predictions = [.. data.Predictions, .. p], Outcomes = [.. data.Outcomes, .. o], Notes = [.. data.Notes, Searched(where)] };
            }, ct) ?? data;
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
            result = await InDatabaseAsync(async (rows, where) =>
            {
                int predictions = 0, outcomes = 0;
                foreach (string id in ids.Distinct(StringComparer.Ordinal))
                {
                    (int p, int o) = await rows.EraseAsync(id, ct);
                    (predictions, outcomes) = (predictions + p, outcomes + o);
                }

                return result with { Predictions = result.Predictions + predictions, Outcomes = result.Outcomes + outcomes, Notes = [.. result.Notes, Searched(where)] };
            }, ct) ?? result;

            // Rows still in write-ahead segments were not erased: the erasure is not complete until it runs again.
            int exit = result.Notes.Any(n => n.Contains(FindParticipantData.UnsearchedSegmentsNote, StringComparison.Ordinal)) ? ExitCodes.Problems : ExitCodes.Ok;
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(result);
                return exit;
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
            return exit;
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
            DateTime now = DateTime.UtcNow;
            RetentionResult result = await Guard(() => EnforceRetention.RunAsync(new PersonalDataStores(parse.GetValue(log), parse.GetValue(registry), null), periods, now, parse.GetValue(dryRun), ct));
            result = await InDatabaseAsync(async (rows, _) =>
            {
                (int p, int o) = await rows.ExpireAsync(periods, now, parse.GetValue(dryRun), ct);
                return result with { Predictions = result.Predictions + p, Outcomes = result.Outcomes + o };
            }, ct) ?? result;
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

    /// <summary>
    /// Runs <paramref name="action"/> over the prediction log's database when <see cref="DatabaseVariable"/> names one
    /// (opened and migrated as serve does), or returns null. Errors name the server, never the password.
    /// </summary>
    private static async Task<T?> InDatabaseAsync<T>(Func<ParticipantRowsInDatabase, string, Task<T>> action, CancellationToken ct)
        where T : class
    {
        string? connectionString = Environment.GetEnvironmentVariable(DatabaseVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        await using var database = new PostgresLogDatabase(Options.Create(new PredictionLogOptions { ConnectionString = connectionString }), NullLogger<PostgresLogDatabase>.Instance);
        try
        {
            await database.OpenAsync(ct);
            return await action(new ParticipantRowsInDatabase(database.Source), database.Where);
        }
        catch (PredictionLogDatabaseException e)
        {
            throw new CliException(e.Message, ExitCodes.Problems);
        }
        catch (NpgsqlException e)
        {
            throw new CliException($"the prediction log in PostgreSQL ({database.Where}) failed: {e.Message}", ExitCodes.Problems);
        }
    }

    private static string Searched(string where) => $"the prediction log in PostgreSQL was searched too ({where})";

    private static void Notes(IEnumerable<string> notes)
    {
        foreach (string n in notes)
        {
            CliRunner.Out.MarkupLine($"[grey]note:[/] {Markup.Escape(n)}");
        }
    }
}

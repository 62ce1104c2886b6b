using System.CommandLine;
using MatchModels.Core.Tables;
using MatchModels.Synthetic;
using Spectre.Console;

namespace MatchModels.Cli.Data;

/// <summary>
/// <c>matchmodels data generate --out DIR ...</c>: a seeded synthetic history with its ground truth
/// (docs/synthetic-data.md). Written aside and renamed into place, so a failure leaves nothing behind.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new SyntheticOptions();
        var output = new Option<string>("--out") { Description = "Directory to create (must not exist, or be empty).", Required = true };
        var mentees = new Option<int>("--mentees") { Description = "Number of mentees (one pair each).", DefaultValueFactory = _ => defaults.Mentees };
        var mentors = new Option<int>("--mentors") { Description = "Number of mentors.", DefaultValueFactory = _ => defaults.Mentors };
        var cohorts = new Option<int>("--cohorts") { Description = "Number of cohorts, starting at different dates over two years or more.", DefaultValueFactory = _ => defaults.Cohorts };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed and options give byte-identical files.", DefaultValueFactory = _ => defaults.Seed };
        var format = new Option<string>("--format") { Description = "parquet or csv.", DefaultValueFactory = _ => "parquet" };
        format.AcceptOnlyFromAmong("parquet", "csv");
        var drift = new Option<string>("--drift") { Description = "none | covariate | concept | mixed | profile | overhaul, optionally ':YYYY-MM-DD' for the change date.", DefaultValueFactory = _ => "none" };
        var horizon = new Option<int>("--dropout-horizon-days") { Description = "Days after the match at which p_dropout is defined.", DefaultValueFactory = _ => defaults.DropoutHorizonDays };
        var phrases = new Option<string?>("--phrases")
        {
            Description = "Phrase bank (JSON, docs/synthetic-data.md) for goals texts and skill names; the truth does not depend on it. Default: the built-in data/synthetic/phrases.json.",
        };

        var extraColumns = new Option<bool>("--extra-columns")
        {
            Description = "Add extra HR columns to participants (engagement_score, overtime, coaching_certified, performance_rating, education, interests) with a documented effect on the truth (docs/synthetic-data.md).",
        };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON." };
        var command = new Command("generate", "Generate a synthetic programme history with a known ground truth.")
        {
            output, mentees, mentors, cohorts, seed, format, drift, horizon, phrases, extraColumns, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            string outDir = Path.GetFullPath(parse.GetValue(output)!);
            DriftSpec driftSpec = ParseDrift(parse.GetValue(drift)!);
            string? phrasesPath = parse.GetValue(phrases);
            var options = defaults with
            {
                Mentees = Positive(parse.GetValue(mentees), "--mentees"),
                Mentors = Positive(parse.GetValue(mentors), "--mentors"),
                Cohorts = Positive(parse.GetValue(cohorts), "--cohorts"),
                Seed = parse.GetValue(seed),
                Drift = driftSpec,
                DropoutHorizonDays = Positive(parse.GetValue(horizon), "--dropout-horizon-days"),
                Phrases = phrasesPath is null ? PhraseBank.BuiltIn : LoadPhrases(phrasesPath),
                ExtraColumns = parse.GetValue(extraColumns),
            };
            TableFormat tableFormat = TableFormats.Parse(parse.GetValue(format)!);
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            {
                throw new CliException($"--out {outDir} already exists and is not empty; choose a new directory");
            }

            if (File.Exists(outDir))
            {
                throw new CliException($"--out {outDir} is a file; choose a new directory");
            }

            SyntheticHistory history;
            try
            {
                options.Validate();
                history = GenerateSyntheticHistory.Run(options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Out-of-range knobs and impossible combinations (too few mentors for the mentees) are the user's to fix.
                throw new CliException(e.Message);
            }

            string aside = outDir.TrimEnd(Path.DirectorySeparatorChar) + ".partial-" + Environment.ProcessId;
            try
            {
                await WriteSyntheticHistory.ToDirectoryAsync(history, aside, tableFormat, ct);
                if (Directory.Exists(outDir))
                {
                    Directory.Delete(outDir);
                }

                Directory.Move(aside, outDir);
            }
            finally
            {
                if (Directory.Exists(aside))
                {
                    Directory.Delete(aside, recursive: true);
                }
            }

            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new
                {
                    directory = outDir,
                    participants = history.History.Participants.Count,
                    pairs = history.History.Pairs.Count,
                    sessions = history.History.Sessions.Count,
                    outcomes = history.History.Outcomes.Count,
                    truth = history.Truth.Count,
                    seed = options.Seed,
                    phrases = phrasesPath,
                    extra_columns = history.ExtraParticipantColumns?.Select(c => c.Name).ToArray() ?? [],
                });
                return ExitCodes.Ok;
            }

            CliRunner.Out.MarkupLine(
                $"wrote [bold]{Markup.Escape(outDir)}[/]: {history.History.Participants.Count:N0} participants, {history.History.Pairs.Count:N0} pairs, " +
                $"{history.History.Sessions.Count:N0} sessions, {history.History.Outcomes.Count:N0} outcomes, truth for {history.Truth.Count:N0} pairs");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliException($"{option} must be a positive whole number, found {value}");

    private static PhraseBank LoadPhrases(string path)
    {
        try
        {
            return PhraseBank.Load(path);
        }
        catch (PhraseBankException e)
        {
            throw new CliException($"--phrases: {e.Message}");
        }
    }

    private static DriftSpec ParseDrift(string spec)
    {
        try
        {
            return DriftSpec.Parse(spec);
        }
        catch (FormatException e)
        {
            throw new CliException($"--drift: {e.Message}");
        }
    }
}

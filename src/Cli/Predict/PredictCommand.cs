using System.CommandLine;
using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Training.Pipelines;

namespace MatchModels.Cli.Predict;

/// <summary>
/// <c>matchmodels predict NAME[@ALIAS|:VERSION] --data DIR [--pairs FILE] --out FILE.parquet|.csv [--log DIR] [--registry DIR] [--json]</c>:
/// scores every pair of a history offline, each as of its cut-off, or the pairs of a pairs file against that
/// history, each as of its as_of, with a registered version; with --log, every scored pair is appended to that
/// prediction log too (route batch, key id cli), for <c>monitor</c> and the data commands.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("MODEL") { Description = "NAME, NAME:VERSION or NAME@ALIAS (a bare name means the champion, else the latest)." };
        var data = new Option<string>("--data") { Description = "The history folder to score (participants, pairs, sessions, outcomes).", Required = true };
        var pairs = new Option<string?>("--pairs")
        {
            Description = "Score the pairs in this .parquet or .csv file instead of the history's, against the history in --data "
                + "(data/schemas/pairs-to-score.schema.json): mentee_id and mentor_id; optional pair_id (echoed; row-<n> when missing; "
                + "a pair_id of the history scores that very pair and keeps its label, proposed pairs have none); optional as_of, "
                + "the UTC cut-off the history is read at. Without an as_of column every pair is scored as of the time the command "
                + "runs, to the second, i.e. with everything the history holds; that instant is printed and written in each row's "
                + "as_of, so adding it as the column repeats the run exactly.",
        };
        var output = new Option<string>("--out") { Description = "The predictions file to write: .parquet or .csv; must not exist.", Required = true };
        var log = new Option<string?>("--log")
        {
            Description = "Also append every scored pair to this prediction log folder (serve's Serving:PredictionLog:Folder; created when "
                + "its parent exists) as primary rows of route batch and key id cli, one request id per row, for 'matchmodels monitor --log' "
                + "and 'matchmodels data access/erase'. Written durably before the command exits 0; if it fails, neither it nor --out is left.",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON for scripts." };
        var registry = RegistryOption.Create();
        var command = new Command("predict", "Score every pair of a history as of its cut-off, or the pairs of a --pairs file against it, with a registered version and write the probabilities.")
        {
            reference, data, pairs, output, log, json, registry,
        };
        command.SetAction(async (parse, ct) =>
        {
            string outPath = parse.GetValue(output)!;
            string? pairsPath = parse.GetValue(pairs);
            string? logFolder = parse.GetValue(log);
            ModelVersion version;
            try
            {
                ScoreHistory.CheckOutput(outPath);
                if (pairsPath is not null)
                {
                    PairsToScore.CheckPath(pairsPath);
                }

                if (logFolder is not null)
                {
                    LogBatchPredictions.CheckFolder(logFolder);
                }

                version = new ModelRegistry(parse.GetValue(registry)!).Open(ModelReference.Parse(parse.GetValue(reference)!));
            }
            catch (Exception e) when (e is ArgumentException or IOException or RegistryException)
            {
                throw new CliException(e.Message);
            }

            var lines = new ProgressLines();
            ScoreHistoryResult result;
            try
            {
                // Whole seconds: the CSV writer keeps no fraction, so the as_of written is exactly the one used.
                DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
                PairsFileRequest? pairsFile = pairsPath is null ? null : new PairsFileRequest(pairsPath, TruncateToSecond(now));
                BatchLogRequest? batchLog = logFolder is null ? null : new BatchLogRequest(logFolder, $"batch-{now:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}", now);
                result = await ScoreHistory.RunAsync(new ScoreHistoryRequest(version, parse.GetValue(data)!, outPath, TrainedLabel(version), pairsFile, batchLog), lines, ct);
            }
            catch (Exception e) when (e is HistoryInvalidException or PairsFileInvalidException)
            {
                throw new CliException(e.Message, ExitCodes.Problems);
            }
            catch (Exception e) when (e is ProfilesNotSupportedException or IOException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new CliException(e.Message);
            }

            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(result);
            }
            else
            {
                string from = result.PairsFile is null ? string.Empty : $" from {result.PairsFile}";
                Console.Out.WriteLine($"scored {result.Pairs:N0} pair{(result.Pairs == 1 ? "" : "s")}{from} with {result.Model}:{result.Version} ({result.Labelled:N0} with a known label) into {result.Output}");
                if (result.DefaultAsOf is { } asOf)
                {
                    Console.Out.WriteLine($"as of {asOf:yyyy-MM-dd'T'HH:mm:ss'Z'}, the time of this run: the pairs file has no as_of column");
                }

                if (result.LogFiles is { } logged)
                {
                    Console.Out.WriteLine($"logged {result.Pairs:N0} prediction{(result.Pairs == 1 ? "" : "s")} (route batch) into {string.Join(", ", logged)}");
                }

                if (result.IgnoredColumns is { Count: > 0 } ignored)
                {
                    Console.Out.WriteLine($"ignored column(s) not in data/schemas/pairs-to-score.schema.json: {string.Join(", ", ignored)}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateTime TruncateToSecond(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Kind);

    /// <summary>The label rule of the pipeline the version was trained with, when it kept its pipeline file; an imported version has none.</summary>
    private static Func<ProgrammeHistory, Func<Pair, bool?>>? TrainedLabel(ModelVersion version)
    {
        // The manifest names the pipeline file it digested; an imported version has none.
        if (version.Manifest.Pipeline is not { } pipeline || !version.Manifest.Digests.Files.ContainsKey(pipeline.File))
        {
            return null;
        }

        string path = version.PathOf(pipeline.File);

        PipelineSpec spec;
        try
        {
            spec = PipelineFile.Load(path);
        }
        catch (PipelineFileException e)
        {
            throw new CliException($"{version.Manifest.Name}:{version.Manifest.Version}: its {Path.GetFileName(path)} cannot be read, so its label rule is unknown: {e.Message}");
        }

        return history => new LabelRules(spec, history).Label;
    }

    /// <summary>
    /// One stderr line per batch, written on the scoring thread: <see cref="Progress{T}"/> would post to the thread
    /// pool, so lines could arrive out of order or after the result.
    /// </summary>
    private sealed class ProgressLines : IProgress<ScoreHistoryProgress>
    {
        public void Report(ScoreHistoryProgress value) =>
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] scored {value.Scored:N0} of {value.Total:N0} pairs");
    }
}

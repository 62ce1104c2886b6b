using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Training;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Gates;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Registration;
using MatchModels.Training.Runs;
using MatchModels.Training.Search;
using Spectre.Console;

namespace MatchModels.Cli.Train;

/// <summary>
/// <c>matchmodels train PIPELINE.yaml [--data DIR] [--seed S] [--budget SECONDS | --trials N] [--json] [--registry DIR]</c>:
/// runs a training pipeline and records the run under the registry.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("PIPELINE") { Description = "The pipeline file, e.g. pipelines/pair-success.yaml." };
        var data = new Option<string?>("--data") { Description = "Data directory (overrides the pipeline's data)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (overrides the pipeline's seed)." };
        var budget = new Option<double?>("--budget") { Description = "Search time budget in seconds (overrides the pipeline)." };
        var trials = new Option<int?>("--trials") { Description = "Number of search candidates instead of a time budget: fully deterministic." };
        var json = new Option<bool>("--json") { Description = "Print the run record as JSON." };
        var alias = new Option<string?>("--alias") { Description = "Point this alias (e.g. champion, challenger) at the new version when it is registered." };
        var noRegister = new Option<bool>("--no-register") { Description = "Only record the run; do not register the model even when its gates pass." };
        var registry = RegistryOption.Create();
        var command = new Command("train", "Train a model from a pipeline file, within a search budget, record the run and register the model if its gates pass.")
        {
            pipeline, data, seed, budget, trials, json, alias, noRegister, registry,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new TrainRequest(parse.GetValue(pipeline)!, parse.GetValue(registry)!, parse.GetValue(data), parse.GetValue(seed), parse.GetValue(budget), parse.GetValue(trials),
                parse.GetValue(alias), !parse.GetValue(noRegister));
            Check(request);
            bool asJson = parse.GetValue(json);
            TrainResult result;
            try
            {
                result = await RunWithProgressAsync(request, asJson, ct);
            }
            catch (PipelineFileException e)
            {
                throw new CliException(e.Message);
            }
            catch (TrainingException e)
            {
                throw new CliException($"training failed: {e.Message}", ExitCodes.Problems);
            }

            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result.Record, TrainPipeline.Json));
            }
            else
            {
                Render(result, request.Registry);
            }

            // A model that passed its gates but could not be registered (an inexact export) is a failed check.
            return result.Record.Registration?.Status == RegistrationOutcome.Failed ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return command;
    }

    private static void Check(TrainRequest r)
    {
        if (r.BudgetSeconds is not null && r.Trials is not null)
        {
            throw new CliException("give either --budget or --trials, not both");
        }

        if (r.Alias is { } a)
        {
            try
            {
                ModelReference.CheckAlias(a);
            }
            catch (RegistryException e)
            {
                throw new CliException($"--alias: {e.Message}");
            }

            if (!r.Register)
            {
                throw new CliException("--alias points an alias at the registered version: it cannot be used with --no-register");
            }
        }

        if (r.BudgetSeconds is { } b && (!double.IsFinite(b) || b <= 0))
        {
            throw new CliException($"--budget must be a positive number of seconds, found {b.ToString(CultureInfo.InvariantCulture)}");
        }

        if (r.Trials is { } t && t <= 0)
        {
            throw new CliException($"--trials must be a positive whole number, found {t}");
        }

        if (!File.Exists(r.PipelinePath))
        {
            throw new CliException($"pipeline file {r.PipelinePath} does not exist");
        }
    }

    private static async Task<TrainResult> RunWithProgressAsync(TrainRequest request, bool quiet, CancellationToken ct)
    {
        var pipeline = new TrainPipeline(TimeProvider.System);
        if (quiet || Console.IsErrorRedirected)
        {
            // Logs and scripts get one line per stage on stderr, never a redrawn display.
            string last = "";
            var lines = new Progress<TrainProgress>(p =>
            {
                if (!quiet && p.Stage != last)
                {
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {p.Stage}");
                    last = p.Stage;
                }
            });
            return await pipeline.RunAsync(request, lines, ct);
        }

        TrainResult? result = null;
        await AnsiConsole.Status().StartAsync("starting", async context =>
        {
            var live = new Progress<TrainProgress>(p => context.Status(Markup.Escape(Describe(p))));
            result = await pipeline.RunAsync(request, live, ct);
        });
        return result!;
    }

    private static string Describe(TrainProgress p) => p.Search is not { } s
        ? p.Stage
        : $"searching: {s.Elapsed.TotalSeconds:0} s, trial {s.Trial} ({s.Trainer}) fold {s.FoldsDone}/{s.Folds}, {s.Completed} complete" +
          (s.BestTrainer is null ? "" : $", best {s.BestTrainer} {s.BestMetric:0.####}");

    private static void Render(TrainResult result, string registry)
    {
        IAnsiConsole console = CliRunner.Out;
        RunRecord r = result.Record;
        foreach (LabelCount count in r.LabelCounts ?? [])
        {
            console.MarkupLine($"labels: {Markup.Escape(count.Message)}");
        }

        foreach (Core.Features.OmittedFeatures omitted in r.OmittedFeatures ?? [])
        {
            console.MarkupLine($"[yellow]notice[/]: {Markup.Escape(omitted.Message)}");
        }

        SearchSummary search = r.Search!;
        var board = new Table().Title($"leaderboard ({search.Candidates} candidates, {search.Complete} complete, {search.Seconds:0.#} s: {Markup.Escape(search.StopReason)})")
            .AddColumns("#", "trainer", "hyperparameters", $"CV {search.Metric}", "± std", "folds", "fit s", "status");
        foreach (LeaderboardEntry e in search.Leaderboard.Take(15))
        {
            string mark = e.Chosen ? "[green]*[/]" : "";
            board.AddRow($"{e.Trial}{mark}", e.Trainer, Markup.Escape(Training.Trainers.TrainerCatalog.Describe(e.Hyperparameters)),
                F(e.CvMetric), F(e.CvStd), e.Folds.ToString(CultureInfo.InvariantCulture), e.FitSeconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(e.Status));
        }

        console.Write(board);
        if (search.Leaderboard.Count > 15)
        {
            console.MarkupLine($"({search.Leaderboard.Count - 15} more in leaderboard.json)");
        }

        EvaluationMetrics t = r.Test!;
        EvaluationMetrics? o = r.Oracle;
        MetricIntervals? ci = r.Intervals;
        var metrics = new Table().Title($"test set: cohorts {Markup.Escape(string.Join(", ", r.Split!.TestCohorts))}, {t.Rows:N0} rows, base rate {t.BaseRate:P1}")
            .AddColumns("metric", "model", "95% interval", "oracle", "base rate");
        metrics.AddRow("AUC-ROC", F(t.RocAuc), I(ci?.RocAuc), F(o?.RocAuc), "0.5");
        metrics.AddRow("PR-AUC", F(t.PrAuc), I(ci?.PrAuc), F(o?.PrAuc), F(t.BaseRate));
        metrics.AddRow("log-loss", F(t.LogLoss), I(ci?.LogLoss), F(o?.LogLoss), "");
        metrics.AddRow("Brier", F(t.Brier), I(ci?.Brier), F(o?.Brier), F(t.BaseRateBrier));
        metrics.AddRow("Brier skill", F(t.BrierSkill), I(ci?.BrierSkill), F(o?.BrierSkill), "0");
        metrics.AddRow("ECE (10 bins)", F(t.Ece), I(ci?.Ece), F(o?.Ece), "");
        if (ci?.OracleRatio is { } ratio)
        {
            metrics.AddRow("AUC / oracle AUC", F(ratio.Estimate), I(ratio), "1", "");
        }

        metrics.AddRow($"F1 at {t.AtThreshold.Threshold:0.###}", F(t.AtThreshold.F1), "", F(o?.AtThreshold.F1), "");
        metrics.AddRow("precision / recall", $"{F(t.AtThreshold.Precision)} / {F(t.AtThreshold.Recall)}", "", o is null ? "" : $"{F(o.AtThreshold.Precision)} / {F(o.AtThreshold.Recall)}", "");
        console.Write(metrics);
        if (ci is not null)
        {
            console.MarkupLine(Markup.Escape($"95% intervals: {ci.Method}, {ci.Resamples:N0} resamples, seed {ci.Seed}"));
        }

        console.MarkupLine($"chosen: [bold]{Markup.Escape(r.Chosen!.Trainer)}[/] ({Markup.Escape(Training.Trainers.TrainerCatalog.Describe(r.Chosen.Hyperparameters))})");
        console.MarkupLine(Markup.Escape(r.Verdict ?? ""));
        console.Write(GateTable(r.Gates!));

        foreach (string w in r.Warnings)
        {
            console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(w)}");
        }

        if (r.Registration is { } reg)
        {
            string colour = reg.Status == RegistrationOutcome.Registered ? (reg.AwaitsReview ? "yellow" : "green") : reg.Status == RegistrationOutcome.Failed ? "red" : "yellow";
            console.MarkupLine($"[{colour}]{Markup.Escape(reg.Detail)}[/]" + (reg.Parity is { } p ? $" (ONNX parity: max |Δp| {p.MaxAbsDifference:0.###e+0} over {p.Rows:N0} test rows)" : ""));
        }

        console.MarkupLine($"run recorded in [bold]{Markup.Escape(result.RunDirectory)}[/] (report.html, run.json, leaderboard.json, metrics.json, model/)");
        if (r.Registration is { Status: RegistrationOutcome.Registered, Version: { } version })
        {
            // Plain lines, never wrapped to the terminal's width, so each command can be copied whole.
            Console.Out.WriteLine();
            Console.Out.WriteLine("next:");
            foreach (string line in NextCommands.For(r.Pipeline, version, r.Registration.Alias, r.Registration.AwaitsReview, registry))
            {
                Console.Out.WriteLine("  " + line);
            }
        }
    }

    /// <summary>One row per gate: its outcome, estimate, 95% interval and threshold, and what was compared.</summary>
    private static Table GateTable(GateResult gates)
    {
        var table = new Table().Title($"gates: {WeighEvidence.Word(gates.Outcome)}").AddColumns("gate", "outcome", "estimate", "95% interval", "threshold", "detail");
        foreach (GateCheck check in gates.Checks)
        {
            string word = WeighEvidence.Word(check.Outcome);
            string colour = check.Outcome switch { GateOutcome.Pass => "green", GateOutcome.Fail => "red", _ => "yellow" };
            table.AddRow(check.Gate, $"[{colour}]{word}[/]", F(check.Estimate), check.Low is { } lo && check.High is { } hi ? $"[[{F(lo)}, {F(hi)}]]" : "", F(check.Threshold), Markup.Escape(check.Detail));
        }

        return table;
    }

    private static string I(Interval? interval) => interval is null || double.IsNaN(interval.Low) ? "" : $"[[{F(interval.Low)}, {F(interval.High)}]]";

    private static string F(double? x) => x is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}

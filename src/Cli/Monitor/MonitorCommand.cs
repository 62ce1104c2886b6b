using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Windows;
using Spectre.Console;

namespace MatchModels.Cli.Monitor;

/// <summary>
/// <c>matchmodels monitor NAME[@ALIAS|:VERSION] --log DIR [--outcomes FILE] [--window week|day|month|N] [--since T]
/// [--until T] [--json] [--out DIR] [--registry DIR]</c>: drift and performance of a version's logged predictions, per
/// window, into report.json and report.html. Exit 0 when the report was written (drift is a finding, not an error), 1 when
/// the evidence cannot give one, 2 for bad arguments or an unknown model.
/// </summary>
public static class MonitorCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("MODEL") { Description = "NAME, NAME:VERSION or NAME@ALIAS (a bare name means the champion, else the latest)." };
        var log = new Option<string>("--log") { Description = "The prediction log folder (serve's Serving:PredictionLog:Folder): predictions/ and outcomes/ below it.", Required = true };
        var outcomes = new Option<string?>("--outcomes") { Description = "More outcomes, .csv or .parquet: pair_id or request_id, success (or dropout), observed_at (UTC)." };
        var window = new Option<string>("--window") { Description = "day, week (ISO, Monday start), month, or a number of rows per window.", DefaultValueFactory = _ => "week" };
        var since = new Option<string?>("--since") { Description = "Only predictions at or after this UTC time (ISO 8601, or a date)." };
        var until = new Option<string?>("--until") { Description = "Only predictions before this UTC time (ISO 8601, or a date)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON for scripts." };
        var output = new Option<string?>("--out") { Description = "The folder to write report.json and report.html into (default: <registry>/<name>/monitoring/<UTC time>/)." };
        var registry = RegistryOption.Create();
        var command = new Command("monitor", "Compare a version's logged predictions with its training reference, window by window: feature, prediction and multivariate drift, realised and estimated performance, change detectors.")
        {
            reference, log, outcomes, window, since, until, json, output, registry,
        };
        command.SetAction(async (parse, ct) =>
        {
            MonitorRequest request;
            try
            {
                request = new MonitorRequest(
                    parse.GetValue(registry)!, ModelReference.Parse(parse.GetValue(reference)!), parse.GetValue(log)!, parse.GetValue(outcomes),
                    WindowSpec.Parse(parse.GetValue(window)!), Time(parse.GetValue(since), "--since"), Time(parse.GetValue(until), "--until"), parse.GetValue(output));
            }
            catch (Exception e) when (e is FormatException or RegistryException)
            {
                throw new CliException(e.Message);
            }

            MonitorResult result;
            try
            {
                result = await new MonitorModelVersion(TimeProvider.System).RunAsync(request, ct);
            }
            catch (Exception e) when (e is RegistryException or ArgumentException or IOException)
            {
                throw new CliException(e.Message);
            }
            catch (MonitoringEvidenceException e)
            {
                throw new CliException(e.Message, ExitCodes.Problems);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { folder = result.Folder, report = result.Report }, WriteMonitoringReport.Json));
            }
            else
            {
                Render(result);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateTime? Time(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t)
            ? t
            : throw new FormatException($"{option}: '{text}' is not a UTC time (ISO 8601, e.g. 2025-03-01 or 2025-03-01T12:00:00Z)");
    }

    private static void Render(MonitorResult result)
    {
        MonitoringReport r = result.Report;
        static string F(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";
        CliRunner.Out.MarkupLine(Markup.Escape($"{r.Model}:{r.Version}, {r.Log.Monitored:N0} predictions in {r.Windows.Count} {r.Window} window(s); reference: {r.Reference.Source.ToString().ToLowerInvariant()} ({r.Reference.Description})"));
        var table = new Table().AddColumns("window", "rows", "labelled", "drifted features", "dataset", "prediction", "domain AUC", "est. AUC", "realised AUC [[95%]]");
        foreach (WindowReport w in r.Windows)
        {
            if (w.Empty)
            {
                table.AddRow(Markup.Escape(w.Label), "0", "0", "empty", "", "", "", "", "");
                continue;
            }

            string[] drifted = [.. w.DataDrift!.Features.Where(f => f.Drifted).Select(f => f.Feature)];
            string names = drifted.Length == 0 ? "0" : $"{drifted.Length}: {string.Join(", ", drifted.Take(4))}{(drifted.Length > 4 ? ", …" : "")}";
            table.AddRow(
                Markup.Escape(w.Label), w.Rows.ToString("N0", CultureInfo.InvariantCulture), w.Labelled.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(names),
                w.DataDrift.Drifted ? "[red]drift[/]" : "ok",
                w.PredictionDrift is { } p ? (p.Drifted ? $"[red]{F(p.Score)}[/]" : F(p.Score)) : "—",
                w.Multivariate is { } m ? (m.Drifted ? $"[red]{F(m.Auc)}[/]" : F(m.Auc)) : "—",
                F(w.Estimated?.Auc),
                w.Realised is { } a ? Markup.Escape($"{F(a.Auc.Estimate)} [{F(a.Auc.Low)}, {F(a.Auc.High)}]") : "—");
        }

        CliRunner.Out.Write(table);
        CliRunner.Out.MarkupLine(Markup.Escape(
            $"log: {r.Log.RowsRead:N0} rows read, {r.Log.OtherModels:N0} of other models and {r.Log.OtherVersions:N0} of other versions skipped, {r.Log.OutsideSpan:N0} outside the span; "
            + $"outcomes: {r.Outcomes.Read:N0} read, {r.Outcomes.JoinedRows:N0} rows labelled, {r.Outcomes.Unknown:N0} unknown, {r.Outcomes.Duplicates:N0} duplicates, {r.Outcomes.BeforePrediction:N0} dated before their prediction"));
        CliRunner.Out.MarkupLine(Markup.Escape($"detectors over {r.Detectors.Values:N0} squared errors: ADWIN {r.Detectors.Adwin.Count} alarm(s), Page–Hinkley {r.Detectors.PageHinkley.Count} alarm(s)"));
        foreach (string note in r.Notes)
        {
            CliRunner.Out.MarkupLine(Markup.Escape($"note: {note}"));
        }

        CliRunner.Out.MarkupLine(Markup.Escape($"wrote {result.JsonPath} and {result.HtmlPath}"));
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Windows;
using Spectre.Console;

namespace MatchModels.Cli.Monitor;

/// <summary>
/// <c>matchmodels monitor NAME[@ALIAS|:VERSION] --log DIR [--outcomes FILE] [--window week|day|month|N] [--since T]
/// [--until T] [--time logged|as-of] [--json] [--out DIR] [--webhook URL…] [--webhook-format generic|slack|teams] [--registry DIR]</c>: drift and
/// performance of a version's logged predictions, per window, into report.json and report.html; the alerts it raises are
/// recorded in the model's monitoring folder and sent to the webhooks. Exit 0 when the report was written (drift is a finding, not an error), 1 when
/// the evidence cannot give one, 2 for bad arguments or an unknown model.
/// </summary>
public static class MonitorCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("MODEL") { Description = "NAME, NAME:VERSION or NAME@ALIAS (a bare name means the champion, else the latest)." };
        var log = new Option<string>("--log") { Description = "The prediction log folder (serve's Serving:PredictionLog:Folder): predictions/ and outcomes/ below it.", Required = true };
        var outcomes = new Option<string?>("--outcomes") { Description = "More outcomes, .csv or .parquet: pair_id or request_id, success (or dropout), observed_at (UTC)." };
        var window = new Option<string?>("--window") { Description = "day, week (ISO, Monday start), month, or a number of rows per window (default: the version's monitoring settings, else week)." };
        var since = new Option<string?>("--since") { Description = "Only predictions at or after this UTC time (ISO 8601, or a date)." };
        var until = new Option<string?>("--until") { Description = "Only predictions before this UTC time (ISO 8601, or a date)." };
        var time = new Option<string>("--time")
        {
            Description = "Which time of a row places it in the span, the windows and before its outcome: logged (when it was scored) or as-of "
                + "(the cut-off its features were read at, which 'predict --log' writes: for replaying an older history; rows without one are set aside).",
            DefaultValueFactory = _ => "logged",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON for scripts." };
        var output = new Option<string?>("--out") { Description = "The folder to write report.json and report.html into (default: <registry>/<name>/monitoring/<UTC time>/)." };
        var webhooks = new Option<string[]>("--webhook") { Description = "Send new alerts to this URL (repeat for several); alerts are recorded in <registry>/<name>/monitoring/alerts.jsonl either way.", AllowMultipleArgumentsPerToken = false };
        var webhookFormat = new Option<string>("--webhook-format") { Description = $"generic (JSON signed with HMAC-SHA256 keyed by ${SecretVariable}), slack or teams.", DefaultValueFactory = _ => "generic" };
        var registry = RegistryOption.Create();
        var command = new Command("monitor", "Compare a version's logged predictions with its training reference, window by window: feature, prediction and multivariate drift, realised and estimated performance, change detectors.")
        {
            reference, log, outcomes, window, since, until, time, json, output, webhooks, webhookFormat, registry,
        };
        command.SetAction(async (parse, ct) =>
        {
            MonitorRequest request;
            IReadOnlyList<WebhookTarget> targets = Targets(parse.GetValue(webhooks) ?? [], parse.GetValue(webhookFormat)!);
            try
            {
                request = new MonitorRequest(
                    parse.GetValue(registry)!, ModelReference.Parse(parse.GetValue(reference)!), parse.GetValue(log)!, parse.GetValue(outcomes),
                    parse.GetValue(window) is { } w ? WindowSpec.Parse(w) : null, Time(parse.GetValue(since), "--since"), Time(parse.GetValue(until), "--until"), parse.GetValue(output),
                    RowTimes.Parse(parse.GetValue(time)!));
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

            var alertLog = new AlertLog(Path.Combine(new ModelRegistry(request.Registry).ModelDirectory(result.Report.Model), MonitorModelVersion.MonitoringFolder));
            using var http = new HttpClient();
            RaisedAlerts alerts = await new RaiseAlerts(new DeliverAlerts(http, TimeProvider.System))
                .RunAsync(result.Report, result.Settings.Alerts, alertLog, targets, RetryPolicy.Default, result.Report.GeneratedAtUtc, result.Folder, ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { folder = result.Folder, report = result.Report, alerts = new { recorded_in = alertLog.AlertsPath, alerts.New, already_raised = alerts.Repeated.Count, alerts.Deliveries } }, WriteMonitoringReport.Json));
            }
            else
            {
                Render(result);
                RenderAlerts(alerts, alertLog, targets);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The environment variable holding the shared secret that signs generic webhook payloads: a secret belongs in the environment, not in a command line or a file in the repository.</summary>
    public const string SecretVariable = "MATCHMODELS_WEBHOOK_SECRET";

    private static IReadOnlyList<WebhookTarget> Targets(string[] urls, string format)
    {
        WebhookFormat kind = format switch
        {
            "generic" => WebhookFormat.Generic,
            "slack" => WebhookFormat.Slack,
            "teams" => WebhookFormat.Teams,
            _ => throw new CliException($"--webhook-format: '{format}' is not generic, slack or teams"),
        };
        string? secret = Environment.GetEnvironmentVariable(SecretVariable);
        if (urls.Length > 0 && kind == WebhookFormat.Generic && string.IsNullOrEmpty(secret))
        {
            throw new CliException($"--webhook: a generic webhook's payloads are signed, and {SecretVariable} is not set; set it to the secret the receiver checks, or choose --webhook-format slack or teams");
        }

        return [.. urls.Select((u, i) => Uri.TryCreate(u, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new WebhookTarget(TargetName(url), url, kind, kind == WebhookFormat.Generic ? secret : null)
            : throw new CliException($"--webhook: '{u}' is not an absolute http or https URL"))];
    }

    /// <summary>
    /// What delivery records call a webhook: its host and a digest of the whole URL, so records tell two webhooks on one
    /// host apart and follow a URL across runs, without writing down a URL that is itself a credential (Slack, Teams).
    /// </summary>
    private static string TargetName(Uri url) =>
        $"{url.Host}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url.AbsoluteUri)).AsSpan(0, 4))}";

    private static void RenderAlerts(RaisedAlerts alerts, AlertLog log, IReadOnlyList<WebhookTarget> targets)
    {
        foreach (Alert a in alerts.New)
        {
            CliRunner.Out.MarkupLine($"[red]alert[/] {Markup.Escape($"{a.Rule}: {a.Summary}")}");
        }

        string repeated = alerts.Repeated.Count > 0 ? $", {alerts.Repeated.Count} raised by an earlier run" : "";
        CliRunner.Out.MarkupLine(Markup.Escape($"alerts: {alerts.New.Count} new{repeated}, recorded in {log.AlertsPath}"));
        foreach (WebhookTarget t in targets)
        {
            DeliveryRecord[] mine = [.. alerts.Deliveries.Where(d => d.Target == t.Name)];
            int failed = mine.Count(d => !d.Delivered);
            string why = failed > 0 ? $" ({mine.First(d => !d.Delivered).Error}; tried again by the next run for a day)" : "";
            CliRunner.Out.MarkupLine(Markup.Escape($"{t}: {mine.Length - failed} of {mine.Length} alert(s) delivered{why}"));
        }

        if (alerts.DamagedLines > 0)
        {
            CliRunner.Out.MarkupLine(Markup.Escape($"warning: {alerts.DamagedLines} damaged line(s) in {log.Folder} were skipped"));
        }
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
        CliRunner.Out.MarkupLine(Markup.Escape($"detectors over {r.Detectors.Values:N0} squared errors: ADWIN {r.Detectors.Adwin.Count} alarm(s), Page–Hinkley {r.Detectors.PageHinkley.Count} alarm(s)"
            + (r.Detectors.Calibration is { } c ? $"; over the signed residuals y − p: ADWIN {c.Alarms.Count} alarm(s)" : "; calibration detector off")));
        foreach (string note in r.Notes)
        {
            CliRunner.Out.MarkupLine(Markup.Escape($"note: {note}"));
        }

        CliRunner.Out.MarkupLine(Markup.Escape($"wrote {result.JsonPath} and {result.HtmlPath}"));
    }
}

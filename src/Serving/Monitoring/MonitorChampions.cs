using System.Security.Cryptography;
using System.Text;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Windows;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// One scheduled monitoring run: for each model of the registry with a <c>champion</c> alias (others are skipped),
/// the monitor over the server's own prediction log since <see cref="ScheduledMonitoringOptions.Since"/> ago, its report
/// written to <c>&lt;registry&gt;/&lt;name&gt;/monitoring/scheduled/</c> (replaced each run, so the folder stays one
/// report), its alerts recorded and sent with <see cref="RaiseAlerts"/>, and the report kept for /metrics. A model
/// whose run fails is logged and counted and the others still run.
/// </summary>
public sealed class MonitorChampions(
    IOptions<ServingOptions> serving,
    IOptions<PredictionLogOptions> log,
    IOptions<ScheduledMonitoringOptions> options,
    MonitoringResults results,
    IHttpClientFactory http,
    TimeProvider clock,
    ILogger<MonitorChampions> logger)
{
    /// <summary>The report folder under a model's monitoring folder, beside the timestamped ones <c>matchmodels monitor</c> writes.</summary>
    public const string ReportFolder = "scheduled";

    /// <summary>The named HttpClient webhooks are sent with.</summary>
    public const string WebhookClient = "monitoring-webhooks";

    public async Task RunAsync(CancellationToken ct)
    {
        ScheduledMonitoringOptions o = options.Value;
        long started = clock.GetTimestamp();
        var registry = new ModelRegistry(serving.Value.Registry);
        WindowSpec window = WindowSpec.Parse(o.Window);
        IReadOnlyList<WebhookTarget> targets = Targets(o);
        foreach (string name in registry.Names())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (!registry.Aliases(name).TryGetValue(ModelReference.Champion, out int champion))
                {
                    // A champion withdrawn since the last run: its old figures would keep describing a version nobody is served.
                    results.Forget(name);
                    continue;
                }

                await RunOneAsync(registry, name, champion, window, targets, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                results.Failures.Inc(name);
                logger.LogWarning("scheduled monitoring of {Model} failed: {Error}", name, e.Message);
            }
        }

        results.Finished(clock.GetUtcNow(), clock.GetElapsedTime(started));
    }

    private async Task RunOneAsync(ModelRegistry registry, string name, int version, WindowSpec window, IReadOnlyList<WebhookTarget> targets, CancellationToken ct)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        string monitoring = Path.Combine(registry.ModelDirectory(name), MonitorModelVersion.MonitoringFolder);
        var request = new MonitorRequest(registry.Root, new ModelReference(name, version, null), log.Value.Folder, null, window, now - options.Value.Since, null, Path.Combine(monitoring, ReportFolder));
        MonitorResult result = await new MonitorModelVersion(clock).RunAsync(request, ct);
        results.Keep(result.Report);
        RaisedAlerts alerts = await new RaiseAlerts(new DeliverAlerts(http.CreateClient(WebhookClient), clock))
            .RunAsync(result.Report, AlertRule.Defaults, new AlertLog(monitoring), targets, RetryPolicy.Default, now, result.Folder, ct);
        logger.LogInformation("scheduled monitoring of {Model}:{Version}: {Rows} predictions, {Alerts} new alert(s)", name, version, result.Report.Log.Monitored, alerts.New.Count);
    }

    /// <summary>The configured webhooks; a bad one is refused at start-up (<see cref="ScheduledMonitoringRegistration"/>), so these parse.</summary>
    internal static IReadOnlyList<WebhookTarget> Targets(ScheduledMonitoringOptions o) =>
        [.. o.Webhooks.Select((w, i) =>
        {
            WebhookFormat format = Format(w.Format) ?? throw new InvalidOperationException($"{ScheduledMonitoringOptions.Section}:Webhooks:{i}:Format: '{w.Format}' is not generic, slack or teams");
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"{ScheduledMonitoringOptions.Section}:Webhooks:{i}:Url is not an absolute http or https URL");
            }

            if (format == WebhookFormat.Generic && string.IsNullOrEmpty(o.WebhookSecret))
            {
                throw new InvalidOperationException($"{ScheduledMonitoringOptions.Section}:Webhooks:{i}: a generic webhook's payloads are signed, and {ScheduledMonitoringOptions.Section}:WebhookSecret is not set");
            }

            return new WebhookTarget(TargetName(url), url, format, format == WebhookFormat.Generic ? o.WebhookSecret : null);
        })];

    private static WebhookFormat? Format(string text) => text switch
    {
        "generic" => WebhookFormat.Generic,
        "slack" => WebhookFormat.Slack,
        "teams" => WebhookFormat.Teams,
        _ => null,
    };

    /// <summary>Host and a digest of the URL, as <c>matchmodels monitor</c> names targets: a Slack or Teams URL is itself a credential.</summary>
    private static string TargetName(Uri url) => $"{url.Host}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)).AsSpan(0, 4))}";
}

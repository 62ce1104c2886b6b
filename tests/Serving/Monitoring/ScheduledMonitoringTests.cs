using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Serving.Tests.Scoring;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchModels.Serving.Tests.Monitoring;

/// <summary>The monitor that <c>serve</c> runs on a schedule (Serving:Monitoring), through the real host with a short interval.</summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ScheduledMonitoringTests(TrainedModels models)
{
    /// <summary>Short enough that a test sees several runs within a second, long enough not to spin.</summary>
    private const string ShortInterval = "00:00:00.200";

    /// <summary>How long a test waits for a run: a run over a few hundred rows takes well under a second; the rest is slack for a loaded machine.</summary>
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_over_drifted_rows_publishes_the_champions_gauges_on_metrics()
    {
        using TempDir registry = models.Copy();
        using var log = new TempDir();
        await WriteDriftedRowsAsync(registry.Path, log.Path);
        using var host = models.Host(registry.Path, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", ShortInterval), ("Serving:Monitoring:Window", "day"));
        using HttpClient client = host.CreateClient();

        string metrics = await MetricsAfterARunAsync(client, m => m.Contains("matchmodels_monitoring_dataset_drift{", StringComparison.Ordinal));

        Assert.Contains("matchmodels_monitoring_dataset_drift{model=\"pair-success\",version=\"1\"} 1", metrics, StringComparison.Ordinal);
        Assert.Matches("matchmodels_monitoring_feature_drift_score\\{model=\"pair-success\",version=\"1\",feature=\"[^\"]+\"\\} [0-9.eE+-]+", metrics);
        Assert.Contains("matchmodels_monitoring_prediction_drift_score{model=\"pair-success\",version=\"1\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("matchmodels_monitoring_estimated_auc{model=\"pair-success\",version=\"1\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("matchmodels_monitoring_realised_auc{", metrics, StringComparison.Ordinal);
        Assert.Matches("matchmodels_monitoring_runs_total [1-9][0-9]*", metrics);
        Assert.Matches("matchmodels_monitoring_last_run_duration_seconds [0-9]+(\\.[0-9]+)?(E[-+][0-9]+)?\n", metrics);
        Assert.DoesNotContain("version=\"2\"", Lines(metrics, "matchmodels_monitoring_"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(registry.Path, TrainedModels.Name, "monitoring", "scheduled", "report.json")), "each run writes its report");
        Assert.True(File.Exists(Path.Combine(registry.Path, TrainedModels.Name, "monitoring", "alerts.jsonl")), "drifted rows raise alerts");
    }

    [Fact]
    public async Task A_model_whose_champion_is_withdrawn_loses_its_gauges_at_the_next_run()
    {
        using TempDir registry = models.Copy();
        using var log = new TempDir();
        await WriteDriftedRowsAsync(registry.Path, log.Path);
        using var host = models.Host(registry.Path, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", ShortInterval), ("Serving:Monitoring:Window", "day"));
        using HttpClient client = host.CreateClient();
        await MetricsAfterARunAsync(client, m => m.Contains("matchmodels_monitoring_dataset_drift{", StringComparison.Ordinal));

        await File.WriteAllTextAsync(Path.Combine(registry.Path, TrainedModels.Name, ModelRegistry.AliasesFile), "{\"challenger\": 2}");
        string metrics = await MetricsAfterARunAsync(client, m => !m.Contains("matchmodels_monitoring_dataset_drift{", StringComparison.Ordinal));

        Assert.DoesNotContain("matchmodels_monitoring_feature_drift_score{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_alerts_go_to_the_configured_webhook_signed_with_the_secret_which_is_never_logged()
    {
        const string Secret = "scheduled-monitor-secret-6f1c";
        using TempDir registry = models.Copy();
        using var log = new TempDir();
        using var receiver = new LoopbackReceiver();
        await WriteDriftedRowsAsync(registry.Path, log.Path);
        var logs = new CapturedLogs();
        using WebApplicationFactory<Program> host = models.Host(
                registry.Path, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", ShortInterval), ("Serving:Monitoring:Window", "day"),
                ("Serving:Monitoring:Webhooks:0:Url", receiver.Url.ToString()), ("Serving:Monitoring:WebhookSecret", Secret))
            .WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using HttpClient client = host.CreateClient();

        string deliveries = Path.Combine(registry.Path, TrainedModels.Name, "monitoring", "deliveries.jsonl");
        // The run's own log line comes after its deliveries are recorded: once it is there, the run is done.
        await MetricsAfterARunAsync(client, _ => logs.Entries.Any(e => e.Category.EndsWith(nameof(MatchModels.Serving.Monitoring.MonitorChampions), StringComparison.Ordinal)));

        LoopbackReceiver.Received first = receiver.Requests.First();
        Assert.Contains("matchmodels.alert", first.Body, StringComparison.Ordinal);
        Assert.StartsWith("sha256=", first.Headers["X-MatchModels-Signature"], StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(deliveries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_run_is_counted_and_serving_still_answers()
    {
        using TempDir registry = models.Copy();
        using var log = new TempDir();
        using var host = models.Host(registry.Path, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", ShortInterval));
        using HttpClient client = host.CreateClient();

        string metrics = await MetricsAfterARunAsync(client, m => m.Contains("matchmodels_monitoring_failures_total{model=\"pair-success\"}", StringComparison.Ordinal));
        HttpResponseMessage predict = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Bodies.Predict());

        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        Assert.DoesNotContain("matchmodels_monitoring_dataset_drift{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_interval_no_run_happens()
    {
        using TempDir registry = models.Copy();
        using var log = new TempDir();
        await WriteDriftedRowsAsync(registry.Path, log.Path);
        using var host = models.Host(registry.Path, ("Serving:PredictionLog:Folder", log.Path));
        using HttpClient client = host.CreateClient();

        // A second is five short intervals: a schedule that ran by default would have run by then.
        await Task.Delay(TimeSpan.FromSeconds(1));
        string metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("matchmodels_monitoring_last_run_timestamp_seconds NaN", metrics, StringComparison.Ordinal);
        Assert.Contains("matchmodels_monitoring_last_run_duration_seconds NaN", metrics, StringComparison.Ordinal);
        Assert.Contains("matchmodels_monitoring_runs_total 0\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("matchmodels_monitoring_dataset_drift{", metrics, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(registry.Path, TrainedModels.Name, "monitoring")), "no run, no report");
    }

    [Fact]
    public void A_bad_schedule_is_refused_at_start_up()
    {
        using var log = new TempDir();
        using var zero = models.Host(null, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", "00:00:00"));
        using var window = models.Host(null, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", "01:00:00"), ("Serving:Monitoring:Window", "fortnight"));
        using var unsigned = models.Host(null, ("Serving:PredictionLog:Folder", log.Path), ("Serving:Monitoring:Interval", "01:00:00"), ("Serving:Monitoring:Webhooks:0:Url", "http://127.0.0.1:9/hook"));

        Assert.Contains("Interval must be positive", Assert.ThrowsAny<Exception>(() => zero.CreateClient()).ToString(), StringComparison.Ordinal);
        Assert.Contains("Serving:Monitoring:Window", Assert.ThrowsAny<Exception>(() => window.CreateClient()).ToString(), StringComparison.Ordinal);
        Assert.Contains("WebhookSecret is not set", Assert.ThrowsAny<Exception>(() => unsigned.CreateClient()).ToString(), StringComparison.Ordinal);
    }

    /// <summary>/metrics once the last-run gauge has a time and <paramref name="ready"/> holds, polled for at most <see cref="s_patience"/>.</summary>
    private static async Task<string> MetricsAfterARunAsync(HttpClient client, Func<string, bool> ready)
    {
        DateTime until = DateTime.UtcNow + s_patience;
        string metrics;
        do
        {
            metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (!metrics.Contains("matchmodels_monitoring_last_run_timestamp_seconds NaN", StringComparison.Ordinal) && ready(metrics))
            {
                return metrics;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        while (DateTime.UtcNow < until);

        Assert.Fail($"no scheduled run within {s_patience}:\n{Lines(metrics, "matchmodels_monitoring_")}");
        return metrics;
    }

    private static string Lines(string metrics, string prefix) =>
        string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Today's rows of the champion (version 1), every feature far outside anything training saw.</summary>
    private static async Task WriteDriftedRowsAsync(string registry, string log)
    {
        const int Rows = 300;
        int width = new ModelRegistry(registry).Open(ModelReference.Parse($"{TrainedModels.Name}:1")).Manifest.Features.Names.Count;
        DateTime now = DateTime.UtcNow;
        PredictionRecord[] rows = [.. Enumerable.Range(0, Rows).Select(i => new PredictionRecord
        {
            RequestId = string.Create(CultureInfo.InvariantCulture, $"drift-{i}"),
            TimeUtc = now.AddSeconds(-i),
            Model = TrainedModels.Name,
            Version = 1,
            PairId = string.Create(CultureInfo.InvariantCulture, $"mentee-{i}→mentor-{i}"),
            Features = [.. Enumerable.Repeat(1000f + i, width)],
            Probability = 0.9 + (i % 10 / 100.0),
        })];
        await DayPartitionedParquet.WriteAsync(Path.Combine(log, PredictionLogReader.PredictionsFolder), rows, r => r.TimeUtc, now);
    }
}

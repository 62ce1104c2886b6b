using MatchModels.Core.PredictionLog;
using MatchModels.Serving.Monitoring;
using MatchModels.Serving.Observability;
using MatchModels.Serving.Outcomes;
using MatchModels.Serving.PersonalData;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;

namespace MatchModels.Serving;

/// <summary>Builds the scoring API host: configuration, services and routes. Listens on http://127.0.0.1:5080 unless told otherwise.</summary>
public static class ServingHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // Defaults below every other source, so appsettings, the environment and the command line override them:
        // our access log (MatchModels.Serving.Access) already has one entry per request, so ASP.NET Core's own
        // request lines are quieted.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddScoring(builder.Configuration);
        builder.AddServingSecurity();
        builder.AddPredictionLog();
        builder.AddRetention();
        builder.AddScheduledMonitoring();

        // Hosted services stop in reverse order: registered after the log, shadow scoring finishes before the log
        // writes its last file, so a graceful shutdown keeps the shadow rows of requests already answered.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShadowScoring>());
        WebApplication app = builder.Build();
        PublishLogDepths(app);
        _ = app.Services.GetRequiredService<MonitoringResults>();

        // Request ids, metrics and the access log go outermost, so that refused requests (401, 403, 413, 429) are counted
        // and logged too; then security's generic error handler and status pages; scoring's problem+json for registry
        // and validation errors sits inside them, nearer the routes it knows about.
        app.UseRequestObservation();
        app.UseServingSecurity();
        app.UseScoring();
        app.MapOutcomes();
        return app;
    }

    /// <summary>The log queues' depths on /metrics: a depth that keeps growing means the disk (or the database) cannot keep up and requests will soon get 503.</summary>
    private static void PublishLogDepths(WebApplication app)
    {
        MetricsRegistry metrics = app.Services.GetRequiredService<MetricsRegistry>();
        IDurableLog<PredictionRecord> predictions = app.Services.GetRequiredService<IDurableLog<PredictionRecord>>();
        IDurableLog<OutcomeRecord> outcomes = app.Services.GetRequiredService<IDurableLog<OutcomeRecord>>();
        metrics.Gauge("matchmodels_prediction_log_queue_depth", "Predictions acknowledged and not yet written to the prediction log.", () => predictions.QueueDepth);
        metrics.Gauge("matchmodels_outcome_log_queue_depth", "Outcomes accepted and not yet written.", () => outcomes.QueueDepth);
    }
}

using MatchModels.Serving.Outcomes;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Security;

namespace MatchModels.Serving;

/// <summary>Builds the scoring API host: configuration, services and routes. Listens on http://127.0.0.1:5080 unless told otherwise.</summary>
public static class ServingHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddScoring(builder.Configuration);
        builder.AddServingSecurity();
        builder.AddPredictionLog();
        WebApplication app = builder.Build();

        // Security's generic error handler and status pages go outermost; scoring's own middleware (metrics, and
        // problem+json for registry and validation errors) sits inside it, nearer the routes it knows about.
        app.UseServingSecurity();
        app.UseScoring();
        app.MapOutcomes();
        return app;
    }
}

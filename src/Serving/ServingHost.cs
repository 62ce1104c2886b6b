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

        builder.AddServingSecurity();
        builder.AddPredictionLog();
        WebApplication app = builder.Build();
        app.UseServingSecurity();
        app.MapGet("/v2/health/live", () => Results.Ok(new { live = true }));
        app.MapOutcomes();
        return app;
    }
}

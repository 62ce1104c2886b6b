using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MatchModels.Serving.PredictionLog;

public static class PredictionLogRegistration
{
    /// <summary>
    /// Registers <see cref="PredictionLogWriter"/> and <see cref="OutcomeLogWriter"/> as singletons and hosted services
    /// (configuration <c>Serving:PredictionLog</c>), and <see cref="LogPredictions"/> as a prediction observer.
    /// </summary>
    public static WebApplicationBuilder AddPredictionLog(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PredictionLogOptions>(builder.Configuration.GetSection(PredictionLogOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PredictionLogWriter>();
        builder.Services.AddSingleton<OutcomeLogWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PredictionLogWriter>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutcomeLogWriter>());
        builder.Services.AddSingleton<LogPredictions>();
        builder.Services.AddSingleton<Scoring.IPredictionObserver>(sp => sp.GetRequiredService<LogPredictions>());
        return builder;
    }
}

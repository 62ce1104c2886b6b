using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MatchModels.Serving.PredictionLog;

public static class PredictionLogRegistration
{
    /// <summary>
    /// Registers the prediction log and the outcomes log (configuration <c>Serving:PredictionLog</c>) as
    /// <see cref="IDurableLog{T}"/> singletons and hosted services, and <see cref="LogPredictions"/> as a prediction
    /// observer, with the index of logged ids that outcomes are checked against (<see cref="ILoggedPredictionIds"/>).
    /// The embedded files (<see cref="PredictionLogWriter"/>, <see cref="OutcomeLogWriter"/>) unless
    /// <see cref="PredictionLogOptions.ConnectionString"/> names a PostgreSQL database (<see cref="PostgresPredictionLog"/>,
    /// <see cref="PostgresOutcomeLog"/>).
    /// </summary>
    public static WebApplicationBuilder AddPredictionLog(this WebApplicationBuilder builder)
    {
        IConfigurationSection section = builder.Configuration.GetSection(PredictionLogOptions.Section);
        builder.Services.Configure<PredictionLogOptions>(section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (section.Get<PredictionLogOptions>() is { UsesDatabase: true })
        {
            builder.Services.AddSingleton<PostgresLogDatabase>();
            Add<PredictionRecord, PostgresPredictionLog>(builder.Services);
            Add<OutcomeRecord, PostgresOutcomeLog>(builder.Services);
            builder.Services.AddSingleton<ILoggedPredictionIds, PostgresLoggedIds>();
        }
        else
        {
            Add<PredictionRecord, PredictionLogWriter>(builder.Services);
            Add<OutcomeRecord, OutcomeLogWriter>(builder.Services);

            // After the writers: the prediction log has moved any legacy partitions by the time the index reads them.
            builder.Services.AddSingleton<LoggedIdIndex>();
            builder.Services.AddSingleton<ILoggedPredictionIds>(sp => sp.GetRequiredService<LoggedIdIndex>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LoggedIdIndex>());
        }

        builder.Services.AddSingleton<LogPredictions>();
        builder.Services.AddSingleton<Scoring.IPredictionObserver>(sp => sp.GetRequiredService<LogPredictions>());
        return builder;
    }

    private static void Add<TRecord, TLog>(IServiceCollection services)
        where TRecord : class
        where TLog : class, IDurableLog<TRecord>, IHostedService
    {
        services.AddSingleton<TLog>();
        services.AddSingleton<IDurableLog<TRecord>>(sp => sp.GetRequiredService<TLog>());
        services.AddHostedService(sp => sp.GetRequiredService<TLog>());
    }
}

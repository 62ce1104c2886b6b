using MatchModels.Monitoring.Windows;

namespace MatchModels.Serving.Monitoring;

/// <summary>Registers the scheduled monitor (<c>Serving:Monitoring</c>); its gauges are on /metrics even while it is off.</summary>
public static class ScheduledMonitoringRegistration
{
    public static void AddScheduledMonitoring(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfigurationSection section = builder.Configuration.GetSection(ScheduledMonitoringOptions.Section);
        builder.Services.Configure<ScheduledMonitoringOptions>(section);
        ScheduledMonitoringOptions o = section.Get<ScheduledMonitoringOptions>() ?? new();
        if (o.Interval is { } interval)
        {
            // Refused at start-up rather than at the first run, an interval later.
            if (interval <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{ScheduledMonitoringOptions.Section}:Interval must be positive (e.g. 01:00:00), not {interval}");
            }

            try
            {
                _ = WindowSpec.Parse(o.Window);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{ScheduledMonitoringOptions.Section}:Window: {e.Message}", e);
            }

            _ = MonitorChampions.Targets(o);
        }

        builder.Services.AddHttpClient(MonitorChampions.WebhookClient);
        builder.Services.AddSingleton<MonitoringResults>();
        builder.Services.AddSingleton<MonitorChampions>();
        builder.Services.AddHostedService<ScheduledMonitoring>();
    }
}

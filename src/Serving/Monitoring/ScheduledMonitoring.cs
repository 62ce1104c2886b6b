using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// Runs <see cref="MonitorChampions"/> every <see cref="ScheduledMonitoringOptions.Interval"/> on a thread-pool thread of
/// its own, one run at a time: the next tick waits for the run before it, so runs never overlap, and a run reading a
/// large log holds one thread, never a request's. A run that throws is logged and counted; serving goes on.
/// </summary>
public sealed class ScheduledMonitoring(MonitorChampions monitor, IOptions<ScheduledMonitoringOptions> options, MonitoringResults results, TimeProvider clock, ILogger<ScheduledMonitoring> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Task.Run: the monitor's Parquet reads and statistics are mostly synchronous work, which must not run on
                // the host's start-up path or wherever the timer's continuation lands.
                await Task.Run(() => monitor.RunAsync(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                results.Failures.Inc("");
                logger.LogError("scheduled monitoring run failed: {Error}", e.Message);
            }
        }
    }
}

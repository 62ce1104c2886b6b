using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// Runs <see cref="MonitorChampions"/> every <see cref="ScheduledMonitoringOptions.Interval"/> on a thread of its own
/// (<see cref="BackgroundThreadScheduler"/>), one run at a time: the next tick waits for the run before it, so runs never
/// overlap, and a run reading a large log takes about one thread's share of the CPU (its Parquet reads excepted, see
/// <see cref="BackgroundThreadScheduler"/>), never a queue position a request waits for. A run that throws is logged
/// and counted; serving goes on.
/// </summary>
public sealed class ScheduledMonitoring(MonitorChampions monitor, IOptions<ScheduledMonitoringOptions> options, MonitoringResults results, TimeProvider clock, ILogger<ScheduledMonitoring> logger)
    : BackgroundService
{
    /// <summary>The name of the thread runs execute on (seen in dumps and <c>top -H</c>).</summary>
    public const string ThreadName = "matchmodels-monitor";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval is not { } interval)
        {
            return;
        }

        using var scheduler = new BackgroundThreadScheduler(ThreadName);
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // The monitor's Parquet reads and statistics are mostly synchronous work, which must not run on the host's
                // start-up path, wherever the timer's continuation lands, or on the thread pool beside requests.
                await scheduler.RunAsync(() => monitor.RunAsync(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                results.Failures.Inc("");
                logger.LogError("scheduled monitoring run failed: {Error}", e.Message);
            }
        }
    }
}

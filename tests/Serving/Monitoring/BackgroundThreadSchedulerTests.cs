using System.Collections.Concurrent;
using MatchModels.Serving.Monitoring;

namespace MatchModels.Serving.Tests.Monitoring;

/// <summary>The one thread the scheduled monitor runs on.</summary>
public sealed class BackgroundThreadSchedulerTests
{
    [Fact]
    public async Task A_run_its_parallel_loops_and_its_awaits_all_stay_on_the_one_thread()
    {
        using var scheduler = new BackgroundThreadScheduler("test-monitor");
        var threads = new ConcurrentBag<string?>();

        await scheduler.RunAsync(async () =>
        {
            threads.Add(Thread.CurrentThread.Name);
            Parallel.For(0, 64, _ => threads.Add(Thread.CurrentThread.Name));
            await Task.Delay(10);
            threads.Add(Thread.CurrentThread.Name);
            Parallel.For(0, 64, _ => threads.Add(Thread.CurrentThread.Name));
        }, CancellationToken.None);

        Assert.Equal(130, threads.Count);
        Assert.All(threads, name => Assert.Equal("test-monitor", name));
        Assert.NotEqual("test-monitor", Thread.CurrentThread.Name);
    }

    [Fact]
    public async Task A_failing_task_fails_its_caller_and_the_thread_goes_on()
    {
        using var scheduler = new BackgroundThreadScheduler("test-monitor");
        await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.RunAsync(() => throw new InvalidOperationException("boom"), CancellationToken.None));

        bool ran = false;
        await scheduler.RunAsync(() =>
        {
            ran = true;
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.True(ran);
    }
}

using System.Collections.Concurrent;
using MatchModels.Monitoring;
using MatchModels.Serving.Monitoring;

namespace MatchModels.Serving.Tests.Monitoring;

/// <summary>The one thread the scheduled monitor runs on.</summary>
public sealed class BackgroundThreadSchedulerTests
{
    [Fact]
    public async Task A_run_its_parallel_loops_and_its_awaits_all_stay_on_the_one_thread_even_under_load()
    {
        // Busy threads make the thread pool's workers compete with the scheduler's thread, as requests do in a server;
        // a loop given no options let some bodies escape to the pool in about one run of 60 here.
        using var stop = new CancellationTokenSource();
        Thread[] busy = [.. Enumerable.Range(0, 3).Select(_ => new Thread(() => Spin(stop.Token)) { IsBackground = true })];
        Array.ForEach(busy, t => t.Start());
        try
        {
            for (int run = 0; run < 40; run++)
            {
                using var scheduler = new BackgroundThreadScheduler("test-monitor");
                var threads = new ConcurrentBag<string?>();
                await scheduler.RunAsync(async () =>
                {
                    threads.Add(Thread.CurrentThread.Name);
                    Parallel.For(0, 64, ParallelOnCaller.Options(), _ => threads.Add(Thread.CurrentThread.Name));
                    await Task.Delay(5);
                    threads.Add(Thread.CurrentThread.Name);
                    Parallel.For(0, 64, ParallelOnCaller.Options(), _ => threads.Add(Thread.CurrentThread.Name));
                }, CancellationToken.None);

                Assert.Equal(130, threads.Count);
                Assert.All(threads, name => Assert.Equal("test-monitor", name));
                Assert.NotEqual("test-monitor", Thread.CurrentThread.Name);
            }
        }
        finally
        {
            stop.Cancel();
        }
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

    private static void Spin(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Thread.SpinWait(1_000);
        }
    }
}

using System.Collections.Concurrent;

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// Runs its tasks one at a time on a single thread of its own. The scheduled monitor runs on it: its awaits resume
/// there, and its statistics' parallel loops run there because they name the current scheduler explicitly
/// (<see cref="MatchModels.Monitoring.ParallelOnCaller"/>; a loop given no options can escape to the thread pool), so a
/// run takes about one thread's share of the CPU and queues no work items in front of requests. Two things leave it,
/// as they would anywhere: code after <c>ConfigureAwait(false)</c>, and each Parquet file read of the log, which runs on
/// the thread pool under a time budget (<see cref="MatchModels.Core.PredictionLog.DayPartitionedParquet"/>).
/// The thread keeps the default priority on purpose: on Linux a thread created by a lowered thread inherits its nice
/// value, and the thread pool creates its workers from whichever thread queues work, so lowering this one would lower
/// request threads too.
/// </summary>
public sealed class BackgroundThreadScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread _thread;

    public BackgroundThreadScheduler(string threadName)
    {
        _thread = new Thread(Drain) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread and completes when it does. The caller resumes on the thread pool, never
    /// inline on the low-priority thread (where a task's continuations would otherwise run when it finishes there).
    /// </summary>
    public Task RunAsync(Func<Task> work, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap().ContinueWith(
            t =>
            {
                if (t.IsFaulted)
                {
                    done.SetException(t.Exception!.InnerExceptions);
                }
                else if (t.IsCanceled)
                {
                    done.SetCanceled(ct);
                }
                else
                {
                    done.SetResult();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return done.Task;
    }

    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Inline only on the scheduler's own thread: a task waited on there (a Parallel.For's replica) runs at once instead
    // of waiting behind the waiter, which would never finish.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Drain()
    {
        foreach (Task task in _queue.GetConsumingEnumerable())
        {
            // A task already run inline returns false here: nothing to do.
            TryExecuteTask(task);
        }
    }
}

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Compacts the write-ahead segments of processes that are gone: those of a crashed (killed, powered-off) earlier run,
/// or of a replica sharing the folder that died. An owner is gone when its lock can be taken (<see cref="WalOwnerLock"/>);
/// the lock is then held while its segments are compacted, so two processes never replay the same owner, and retired
/// (deleted) once none is left. A live replica's segments are never touched.
/// </summary>
public static class ReplayOrphanedSegments
{
    /// <summary>Returns the records replayed. A segment that cannot be compacted now is left, with its owner's lock file, for the next pass.</summary>
    public static async Task<int> RunAsync(string walFolder, string liveOwner, Func<string, Task<CompactWalSegment.Outcome>> compact, ILogger log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(compact);
        ArgumentNullException.ThrowIfNull(log);
        int replayed = 0;
        foreach (string owner in WalSegments.Owners(walFolder).Where(o => o != liveOwner))
        {
            ct.ThrowIfCancellationRequested();
            using WalOwnerLock? held = WalOwnerLock.TryAcquire(walFolder, owner);
            if (held is null)
            {
                continue;
            }

            bool all = true;
            foreach (string segment in WalSegments.Of(walFolder, owner))
            {
                try
                {
                    CompactWalSegment.Outcome done = await compact(segment);
                    replayed += done.Records;
                    log.LogInformation("Replayed {Count} records from {Segment}, left by a process that is gone", done.Records, segment);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
                {
                    log.LogError(e, "Could not replay {Segment}; it is kept and tried again later", segment);
                    all = false;
                }
            }

            if (all)
            {
                held.Retire();
            }
        }

        return replayed;
    }
}

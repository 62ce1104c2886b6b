namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// The lock file <c>&lt;owner&gt;.lock</c> that a process holds open, with an exclusive lock, for as long as it writes
/// the segments named after it (<see cref="WalSegments"/>). The operating system drops the lock when the process ends,
/// however it ends (kill -9 included), so a lock that can be taken means its owner is gone and its segments may be
/// replayed; one that cannot means a live replica still writes them. .NET takes the lock with flock(2) on Unix (opening
/// with <see cref="FileShare.None"/>), which is per open file, so it holds between two hosts in one process as well.
/// </summary>
public sealed class WalOwnerLock : IDisposable
{
    private readonly FileStream _file;

    private WalOwnerLock(FileStream file, string owner)
    {
        _file = file;
        Owner = owner;
    }

    public string Owner { get; }

    /// <summary>Takes <paramref name="owner"/>'s lock in <paramref name="walFolder"/> (creating the file if need be), or returns null while another process or handle holds it.</summary>
    public static WalOwnerLock? TryAcquire(string walFolder, string owner)
    {
        string path = WalSegments.LockPath(walFolder, owner);
        try
        {
            return new WalOwnerLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), owner);
        }
        catch (IOException) when (File.Exists(path))
        {
            // A sharing violation: the owner (or another replayer) holds it.
            return null;
        }
    }

    /// <summary>Deletes the lock file while still holding it, so no other process can take it between the release and the deletion, then releases it.</summary>
    public void Retire()
    {
        File.Delete(_file.Name);
        _file.Dispose();
    }

    /// <summary>Releases the lock and leaves the file, so the segments still named after the owner are replayed by the next process that looks.</summary>
    public void Dispose() => _file.Dispose();
}

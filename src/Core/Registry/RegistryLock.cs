namespace MatchModels.Core.Registry;

/// <summary>
/// An exclusive lock on one model's folder, held while a version number is chosen or aliases change. It is an
/// open file with FileShare.None, which .NET maps to an advisory flock on Unix: another process waits, and a
/// process that dies releases it with its file handles, so a killed registration never leaves the model locked.
/// </summary>
public sealed class RegistryLock : IDisposable
{
    /// <summary>Long enough for another process to finish writing one version's small files; a registration never holds it longer.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly FileStream _handle;

    private RegistryLock(FileStream handle) => _handle = handle;

    public static RegistryLock Acquire(string modelDirectory, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(modelDirectory);
        string path = Path.Combine(modelDirectory, ".lock");
        DateTime giveUp = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        int wait = 5;
        while (true)
        {
            try
            {
                return new RegistryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 200);
            }
            catch (IOException e)
            {
                throw new RegistryException($"could not lock {modelDirectory} within {(timeout ?? DefaultTimeout).TotalSeconds:0} s: another registry command holds it ({e.Message})");
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}

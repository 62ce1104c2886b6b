namespace MatchModels.Core.Registry;

/// <summary>
/// A file held open, exclusively, for as long as a process is doing something that leaves files behind if it
/// dies (staging a version, running a training run). The operating system releases the hold when the process
/// ends however it ends, so "nobody holds the lease" means "its owner is gone" without trusting process ids,
/// which are reused, or ages, which a long run exceeds.
/// </summary>
/// <remarks>
/// .NET takes an advisory whole-file lock for <see cref="FileShare.None"/> on Unix, so only processes that
/// open the file the same way (every MatchModels process) see the hold.
/// </remarks>
public sealed class ProcessLease : IDisposable
{
    private readonly FileStream _stream;

    private ProcessLease(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Creates or opens the lease file and holds it; throws <see cref="IOException"/> if another process holds it.</summary>
    public static ProcessLease Take(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId} {Environment.MachineName}\n"));
            stream.Flush();
            return new ProcessLease(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True while a living process holds the lease file; false when the file is missing or nobody holds it.</summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Releases the hold and deletes the file.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The folder holding it was removed first; there is nothing left to delete.
        }
    }
}

using System.Runtime.InteropServices;

namespace MatchModels.Core.PredictionLog;

/// <summary>
/// Flushes a folder's entries to disk (fsync(2) on the folder), so that files created or renamed in it survive a power
/// cut, not only the crash of the process (which the page cache survives anyway). POSIX leaves a new name durable only
/// once its folder is; .NET has no call for it. On Windows, where NTFS journals renames, it does nothing.
/// </summary>
public static class DurableDirectory
{
    private const int ReadOnly = 0;

    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = Open(folder, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"could not open folder {folder} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"could not flush folder {folder} to disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: LibraryImport's generated stubs need unsafe code enabled for all of Core.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}

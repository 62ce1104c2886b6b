namespace MatchModels.Cli.Tests.Serve;

/// <summary>A fact that sends POSIX signals to a child process; skipped on Windows, which has none.</summary>
internal sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs POSIX signals (kill(2))";
        }
    }
}

/// <summary>A theory that sends POSIX signals to a child process; skipped on Windows, which has none.</summary>
internal sealed class PosixTheoryAttribute : TheoryAttribute
{
    public PosixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs POSIX signals (kill(2))";
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace MatchModels.NotebookKit.Running;

/// <summary>
/// How a notebook ends when it cannot go on: one line on stderr naming what is wrong, and the exit code the
/// <c>matchmodels</c> command uses for the same case, so a script treats a notebook like any other command.
/// </summary>
public static class NotebookExit
{
    /// <summary>The input was read and has problems (an invalid history), as <c>data validate</c> exits.</summary>
    public const int Problems = 1;

    /// <summary>Bad arguments or paths: a missing folder, an empty registry, an unknown option.</summary>
    public const int BadInput = 2;

    /// <summary>Writes <paramref name="line"/> to stderr as an error and ends the process with <paramref name="exitCode"/>.</summary>
    [DoesNotReturn]
    public static void Stop(int exitCode, string line)
    {
        Console.Error.WriteLine("error: " + line);
        Environment.Exit(exitCode);
        throw new UnreachableException();
    }
}

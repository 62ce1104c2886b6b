using System.CommandLine;
using System.CommandLine.Invocation;
using MatchModels.Core;

namespace MatchModels.Cli;

/// <summary>
/// <c>matchmodels --version</c>: the version and the git commit the program was built from, which the .NET SDK's
/// source-control support writes into the assembly at build time (so it needs no git at run time).
/// </summary>
public sealed class PrintVersion : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        System.Reflection.Assembly cli = typeof(PrintVersion).Assembly;
        string commit = BuildVersion.Commit(cli) ?? "unknown (built outside a git checkout)";
        Console.Out.WriteLine($"matchmodels {BuildVersion.Number(cli)}");
        Console.Out.WriteLine($"commit {commit}");
        return ExitCodes.Ok;
    }
}

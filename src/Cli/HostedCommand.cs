using System.CommandLine;

namespace MatchModels.Cli;

/// <summary>
/// A command whose action runs a .NET host until the process is asked to stop. The host's console lifetime turns
/// Ctrl+C (SIGINT) and SIGTERM into a graceful stop, so <see cref="CliRunner"/> leaves those signals to the host.
/// </summary>
internal sealed class HostedCommand(string name, string? description = null) : Command(name, description);

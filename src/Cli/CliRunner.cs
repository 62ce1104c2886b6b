using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace MatchModels.Cli;

/// <summary>Exit codes every command shares, so scripts can tell a bad input from a failed check.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found problems (invalid data, a failed gate).</summary>
    public const int Problems = 1;

    /// <summary>The command could not run as asked: bad arguments, a missing path, an output that exists.</summary>
    public const int BadInput = 2;
}

/// <summary>An error the user can fix; its message is printed as is, without a stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class CliRunner
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        ParseResult parsed = root.Parse(args);

        // --help clears the parser's errors, so "matchmodels nosuch --help" would print the root help and exit 0:
        // unknown words are looked for whether or not help was asked for.
        IReadOnlyList<string> unknown = UnknownWords.In(parsed);
        if (unknown.Count > 0)
        {
            foreach (string line in unknown)
            {
                await Console.Error.WriteLineAsync($"error: {line}");
            }

            await Console.Error.WriteLineAsync($"Run '{UnknownWords.CommandPath(parsed.CommandResult)} --help' for usage.");
            return ExitCodes.BadInput;
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                // Name the option a bad value belongs to: "Argument 'xlsx' not recognized" alone does not say where.
                string where = error.SymbolResult is System.CommandLine.Parsing.OptionResult o ? $"{o.Option.Name}: " :
                    error.SymbolResult is System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult po } ? $"{po.Option.Name}: " : "";
                await Console.Error.WriteLineAsync($"error: {where}{error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'matchmodels --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            // Our own handler below turns user errors into one line and an exit code; anything else is a bug and
            // should crash loudly with its stack trace.
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (parsed.CommandResult.Command is HostedCommand)
            {
                // Otherwise System.CommandLine would also catch SIGINT and SIGTERM and end the process 2 s later with
                // 130 or 143, whether or not the host had finished its requests and written its queued log.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parsed.InvokeAsync(invocation);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Text output for people; never used with --json so that stdout stays parseable.</summary>
    public static IAnsiConsole Out { get; } = CreateOut();

    private static IAnsiConsole CreateOut()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Interactive = InteractionSupport.No,
        });

        // Redirected output (CI logs, files, tests) has no terminal width; Spectre would wrap at 80 columns.
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using MatchModels.Core.Suggestions;

namespace MatchModels.Cli;

/// <summary>
/// Words on a command line that name no command or option: those the parser could not place, and option-like words
/// (<c>--sead</c>) that it took as a command's argument. Each comes with a "did you mean", as the pipeline parser gives.
/// </summary>
public static class UnknownWords
{
    public static IReadOnlyList<string> In(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        CommandResult at = parsed.CommandResult;
        string[] commands = [.. at.Command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name))];
        string[] options = [.. Options(at).SelectMany(o => o.Aliases.Prepend(o.Name))];
        string[] optionLike = [.. parsed.UnmatchedTokens.Concat(at.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)).Where(OptionLike).Distinct()];

        // The words after an unknown option are most likely its values, and read as stray arguments only because
        // the option is unknown: naming the option alone says what to fix.
        return optionLike.Length > 0
            ? [.. optionLike.Select(word => $"unknown option '{word}' for '{CommandPath(at)}'{ClosestName.Hint(word, options)}")]
            : [.. parsed.UnmatchedTokens.Select(word => $"unknown command or argument '{word}' for '{CommandPath(at)}'{ClosestName.Hint(word, commands)}")];
    }

    /// <summary>"matchmodels data validate" for the validate command.</summary>
    public static string CommandPath(CommandResult command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (SymbolResult? r = command; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Add(c.Parent is null ? "matchmodels" : c.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The options a command accepts: its own and the recursive ones of the commands above it (--help).</summary>
    private static IEnumerable<Option> Options(CommandResult command)
    {
        foreach (Option o in command.Command.Options)
        {
            yield return o;
        }

        for (SymbolResult? r = command.Parent; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (Option o in c.Command.Options.Where(o => o.Recursive))
                {
                    yield return o;
                }
            }
        }
    }

    /// <summary>"--name" or "-n": never a value a command takes as an argument (a negative number is not option-like).</summary>
    private static bool OptionLike(string word) =>
        (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2 && char.IsAsciiLetter(word[2])) ||
        (word.Length == 2 && word[0] == '-' && char.IsAsciiLetter(word[1]));
}

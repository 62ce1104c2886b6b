using System.CommandLine;
using MatchModels.Core.Registry;
using MatchModels.Training.Registration;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models …</c>: the registry's commands. Each takes --registry and --json.</summary>
public static class ModelsCommand
{
    public static Command Create() => new("models", "The model registry: list, runs, show, compare, promote, approve or reject a retrained candidate, roll back, delete, import, register.")
    {
        ListCommand.Create(),
        RunsCommand.Create(),
        ShowCommand.Create(),
        CompareCommand.Create(),
        PromoteCommand.Create(),
        CandidateDecisionCommands.Approve(),
        CandidateDecisionCommands.Reject(),
        RollbackCommand.Create(),
        DeleteCommand.Create(),
        ImportCommand.Create(),
        RegisterCommand.Create(),
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON for scripts." };

    /// <summary>Registry errors are the user's to fix (exit 2); a refused promotion is a failed check (exit 1).</summary>
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (RegistryException e)
        {
            throw new CliException(e.Message);
        }
        catch (PromotionRefusedException e)
        {
            throw new CliException(e.Message, ExitCodes.Problems);
        }
    }
}

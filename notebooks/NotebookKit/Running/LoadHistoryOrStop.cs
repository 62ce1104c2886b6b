using MatchModels.Core.History;
using MatchModels.Core.Validation;

namespace MatchModels.NotebookKit.Running;

/// <summary>
/// Loads and validates the history a notebook was pointed at with the product's own loader, or stops: a missing
/// folder with one line (exit 2), an invalid history with every problem the loader kept, one a line, as
/// <c>matchmodels data validate</c> lists them (exit 1). Nothing is analysed from a history that failed validation.
/// </summary>
public static class LoadHistoryOrStop
{
    public static async Task<HistoryLoadResult> RunAsync(string directory, CancellationToken ct = default)
    {
        if (!Directory.Exists(directory))
        {
            NotebookExit.Stop(NotebookExit.BadInput, $"--data {directory}: no such folder (a programme history folder with participants, pairs, sessions and outcomes is needed)");
        }

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(directory, ct);
        if (loaded.Ok)
        {
            return loaded;
        }

        Console.Error.WriteLine($"error: --data {directory} failed validation with {loaded.ProblemCount} problem(s); nothing was analysed:");
        foreach (ValidationProblem problem in loaded.Problems)
        {
            Console.Error.WriteLine("  " + problem.Message);
        }

        if (loaded.ProblemCount > loaded.Problems.Count)
        {
            Console.Error.WriteLine($"  (first {loaded.Problems.Count} shown; matchmodels data validate {directory} lists them as a table)");
        }

        Environment.Exit(NotebookExit.Problems);
        return loaded;
    }
}

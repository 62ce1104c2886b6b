using System.Diagnostics;

namespace MatchModels.Notebooks.Tests;

/// <summary>
/// Runs a notebook as a user does, <c>dotnet run notebooks/NAME.cs -- ARGS</c>, from the repository root, and the real
/// <c>matchmodels</c> program (the built Cli assembly) to prepare registries for it.
/// </summary>
public static class NotebookProcess
{
    private static readonly string s_cli = Path.Combine(AppContext.BaseDirectory, "matchmodels.dll");

    /// <summary>
    /// One notebook process at a time: each <c>dotnet run</c> builds the notebook's projects (Core, Training, the kit),
    /// and two builds of one project at once collide on its obj/ folder.
    /// </summary>
    private static readonly SemaphoreSlim s_one = new(1, 1);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

        /// <summary>A bad input's promise: exit 2, one line on stderr starting with <paramref name="line"/>, no page folder.</summary>
        public void AssertRefused(string line, string outFolder)
        {
            Assert.Equal(2, ExitCode);
            Assert.StartsWith(line, Assert.Single(Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.False(Directory.Exists(outFolder));
        }
    }

    internal static Task<Result> RunNotebookAsync(string name, params string[] args) => RunOneAsync(["run", Path.Combine("notebooks", name + ".cs"), "--", .. args]);

    /// <summary>
    /// <c>dotnet run -c Release notebooks/NAME.cs -- ARGS</c>, as notebooks/README.md runs the drift walkthrough: its monitor
    /// is numeric code that the projects' Debug build runs several times slower.
    /// </summary>
    internal static Task<Result> RunReleaseNotebookAsync(string name, params string[] args) => RunOneAsync(["run", "-c", "Release", Path.Combine("notebooks", name + ".cs"), "--", .. args]);

    internal static Task<Result> RunCliAsync(params string[] args) => RunAsync([s_cli, .. args]);

    private static async Task<Result> RunOneAsync(string[] args)
    {
        await s_one.WaitAsync();
        try
        {
            return await RunAsync(args);
        }
        finally
        {
            s_one.Release();
        }
    }

    private static async Task<Result> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();

        // The first run of a notebook builds it and its projects; on two busy cores that can take a few minutes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

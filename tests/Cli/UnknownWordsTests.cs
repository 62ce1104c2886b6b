namespace MatchModels.Cli.Tests;

/// <summary>The real program refuses what it does not know, with or without --help, so scripts can tell a missing command.</summary>
public sealed class UnknownWordsTests
{
    [Theory]
    [InlineData("nosuch --help", "unknown command or argument 'nosuch' for 'matchmodels'")]
    [InlineData("nosuch", "unknown command or argument 'nosuch' for 'matchmodels'")]
    [InlineData("monitr --help", "unknown command or argument 'monitr' for 'matchmodels' (did you mean 'monitor'?)")]
    [InlineData("data nosuch --help", "unknown command or argument 'nosuch' for 'matchmodels data'")]
    [InlineData("data imprt --help", "unknown command or argument 'imprt' for 'matchmodels data' (did you mean 'import'?)")]
    [InlineData("data valdate --help", "unknown command or argument 'valdate' for 'matchmodels data' (did you mean 'validate'?)")]
    [InlineData("models lst", "unknown command or argument 'lst' for 'matchmodels models' (did you mean 'list'?)")]
    [InlineData("train pipelines/pair-success.yaml --sead 3 --help", "unknown option '--sead' for 'matchmodels train' (did you mean '--seed'?)")]
    [InlineData("data validate data/sample --jsn", "unknown option '--jsn' for 'matchmodels data validate' (did you mean '--json'?)")]
    [InlineData("--hlp", "unknown option '--hlp' for 'matchmodels' (did you mean '--help'?)")]
    public async Task An_unknown_command_or_option_is_bad_input_with_a_suggestion(string line, string message)
    {
        CliProcess.Result r = await CliProcess.RunAsync(line.Split(' '));

        Assert.True(r.ExitCode == ExitCodes.BadInput, r.ToString());
        string[] errors = [.. r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal))];
        Assert.Equal($"error: {message}", Assert.Single(errors));
        Assert.DoesNotContain("Usage:", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("data --help")]
    [InlineData("data validate --help")]
    public async Task Help_on_a_known_command_still_prints_usage_and_exits_0(string line)
    {
        CliProcess.Result r = await CliProcess.RunAsync(line.Split(' '));

        Assert.True(r.ExitCode == ExitCodes.Ok, r.ToString());
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_and_the_commit_it_was_built_from()
    {
        CliProcess.Result r = await CliProcess.RunAsync("--version");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.ToString());
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^matchmodels \d+\.\d+\.\d+$", lines[0]);
        Assert.Matches("^commit [0-9a-f]{40}$", lines[1]);

        // Tests run from a git checkout: the commit is the one the build (of this very working tree) saw as HEAD.
        string? head = Training.Runs.Provenance.GitCommit(RepoPaths.Root);
        Assert.Equal($"commit {head}", lines[1]);
    }
}

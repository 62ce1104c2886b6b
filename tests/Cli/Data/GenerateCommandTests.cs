namespace MatchModels.Cli.Tests.Data;

public sealed class GenerateCommandTests
{
    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    public async Task Same_seed_twice_gives_identical_bytes(string format)
    {
        using var dir = new TempDir();
        string[] common = ["--mentees", "120", "--mentors", "40", "--cohorts", "3", "--seed", "7", "--format", format];

        CliProcess.Result a = await CliProcess.RunAsync(["data", "generate", "--out", dir["A"], .. common]);
        CliProcess.Result b = await CliProcess.RunAsync(["data", "generate", "--out", dir["B"], .. common]);

        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        var files = Directory.GetFiles(dir["A"]).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["outcomes", "pairs", "participants", "sessions", "truth"], files.Select(Path.GetFileNameWithoutExtension));
        foreach (string? f in files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir["A"], f!)), await File.ReadAllBytesAsync(Path.Combine(dir["B"], f!)));
        }
    }

    [Fact]
    public async Task Generated_history_passes_validation()
    {
        using var dir = new TempDir();
        CliProcess.Result gen = await CliProcess.RunAsync("data", "generate", "--out", dir["h"], "--mentees", "150", "--mentors", "50", "--cohorts", "3", "--drift", "mixed", "--json");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        Assert.Equal(150, System.Text.Json.JsonDocument.Parse(gen.Stdout).RootElement.GetProperty("pairs").GetInt32());

        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", dir["h"]);

        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public async Task Refuses_a_non_empty_output_directory_and_leaves_it_alone()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["out"]);
        await File.WriteAllTextAsync(Path.Combine(dir["out"], "keep.txt"), "mine");

        CliProcess.Result r = await CliProcess.RunAsync("data", "generate", "--out", dir["out"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not empty", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFiles(dir["out"]).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--drift", "sideways")]
    [InlineData("--drift", "concept:2024-13-45")]
    [InlineData("--mentees", "0")]
    [InlineData("--mentors", "-3")]
    [InlineData("--format", "xlsx")]
    [InlineData("--seed", "seven")]
    public async Task Bad_options_are_named_and_nothing_is_written(string option, string value)
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("data", "generate", "--out", dir["out"], option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option.TrimStart('-'), r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

using System.Text.Json.Nodes;

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
    public async Task Extra_columns_are_written_named_in_the_json_and_listed_as_ignored_by_validate()
    {
        using var dir = new TempDir();
        CliProcess.Result gen = await CliProcess.RunAsync("data", "generate", "--out", dir["h"], "--mentees", "150", "--mentors", "50", "--cohorts", "3", "--extra-columns", "--json");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        string[] names = ["engagement_score", "overtime", "coaching_certified", "performance_rating", "education", "interests"];
        Assert.Equal(names, JsonNode.Parse(gen.Stdout)!["extra_columns"]!.AsArray().Select(n => (string?)n));

        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", dir["h"], "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("engagement_score", r.Stdout, StringComparison.Ordinal);
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

    [Fact]
    public async Task Another_phrase_bank_changes_the_words_and_not_the_truth()
    {
        using var dir = new TempDir();
        string[] common = ["--mentees", "120", "--mentors", "40", "--cohorts", "3", "--seed", "5", "--format", "csv"];

        CliProcess.Result a = await CliProcess.RunAsync(["data", "generate", "--out", dir["builtin"], .. common]);
        CliProcess.Result b = await CliProcess.RunAsync(["data", "generate", "--out", dir["paraphrase"], "--phrases", "data/synthetic/phrases-paraphrase.json", .. common]);

        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        foreach (string f in new[] { "truth.csv", "pairs.csv", "sessions.csv", "outcomes.csv" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir["builtin"], f)), await File.ReadAllBytesAsync(Path.Combine(dir["paraphrase"], f)));
        }

        string participants = await File.ReadAllTextAsync(Path.Combine(dir["paraphrase"], "participants.csv"));
        Assert.DoesNotContain("public speaking", participants, StringComparison.Ordinal);
        Assert.NotEqual(await File.ReadAllTextAsync(Path.Combine(dir["builtin"], "participants.csv")), participants);
    }

    [Theory]
    [InlineData("missing", "nope.json: no such file")]
    [InlineData("not json", "bank.json: line 1, column ")]
    [InlineData("empty list", "bank.json: topics.negotiation.mentee.fr: empty list")]
    [InlineData("no {0}", "bank.json: templates.mentor.en.opening[0]: template has no {0}")]
    [InlineData("missing topic", "bank.json: topics.career_moves: missing")]
    [InlineData("unknown language", "bank.json: topics.leadership.mentor.de: unknown language 'de'")]
    public async Task A_bad_phrase_bank_is_named_with_the_place_and_nothing_is_written(string problem, string says)
    {
        using var dir = new TempDir();
        string bank = problem == "missing" ? dir["nope.json"] : dir["bank.json"];
        if (problem != "missing")
        {
            await File.WriteAllTextAsync(bank, BadBank(problem));
        }

        CliProcess.Result r = await CliProcess.RunAsync("data", "generate", "--out", dir["out"], "--phrases", bank, "--mentees", "60", "--mentors", "20");

        Assert.True(r.ExitCode == 2, r.ToString());
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.StartsWith($"error: --phrases: {Path.Combine(dir.Path, says)}", lines[0], StringComparison.Ordinal);
        string[] untouched = problem == "missing" ? [] : ["bank.json"];
        Assert.Equal(untouched, Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    private static string BadBank(string problem)
    {
        if (problem == "not json")
        {
            return "topics: {}";
        }

        JsonNode bank = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "data", "synthetic", "phrases.json")))!;
        switch (problem)
        {
            case "empty list":
                bank["topics"]!["negotiation"]!["mentee"]!["fr"] = new JsonArray();
                break;
            case "no {0}":
                bank["templates"]!["mentor"]!["en"]!["opening"]![0] = "I can help.";
                break;
            case "missing topic":
                bank["topics"]!.AsObject().Remove("career_moves");
                break;
            case "unknown language":
                bank["topics"]!["leadership"]!["mentor"]!["de"] = new JsonArray("Führung");
                break;
            default:
                throw new ArgumentException(problem, nameof(problem));
        }

        return bank.ToJsonString();
    }
}

using System.Text.Json;

namespace MatchModels.Cli.Tests.Data;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task The_bundled_sample_is_valid()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", "data/sample");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("valid", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_lists_files_with_digests()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", "data/sample", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("files").GetArrayLength());
        Assert.All(doc.RootElement.GetProperty("files").EnumerateArray(), f => Assert.Equal(64, f.GetProperty("sha256").GetString()!.Length));
    }

    [Fact]
    public async Task Names_the_columns_it_ignores_with_their_file_in_text_and_json()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["pairs.csv"]);
        await File.WriteAllLinesAsync(dir["pairs.csv"], [lines[0] + ",hr_case_id", .. lines[1..].Select(l => l + ",42")]);

        CliProcess.Result text = await CliProcess.RunAsync("data", "validate", dir.Path);
        CliProcess.Result json = await CliProcess.RunAsync("data", "validate", dir.Path, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("ignored: pairs.csv: 1 column(s) not in data/schemas/pairs.schema.json, not read: hr_case_id", text.Stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(json.Stdout);
        JsonElement ignored = Assert.Single(doc.RootElement.GetProperty("ignored_columns").EnumerateArray());
        Assert.Equal(("pairs", "pairs.csv"), (ignored.GetProperty("table").GetString(), ignored.GetProperty("file").GetString()));
        Assert.Equal(["hr_case_id"], ignored.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task With_a_pipeline_the_declared_columns_are_checked_rather_than_ignored()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        string[] bands = ["a", "b", "a", "c", "b", "a"];
        await File.WriteAllLinesAsync(dir["participants.csv"], [lines[0] + ",band", .. lines[1..].Select((l, i) => l + "," + bands[i])]);
        string pipeline = Path.Combine(dir.Path, "p.yaml");
        await File.WriteAllTextAsync(pipeline, "name: m\ntask: pair-success\ndata: d\nlabel:\n  min_sessions: 1\n  within_days: 9\nsearch:\n  trials: 1\ncolumns:\n  - name: band\n    type: category\n    values: [a, b]\n    features: [mentee]\n");

        CliProcess.Result plain = await CliProcess.RunAsync("data", "validate", dir.Path);
        CliProcess.Result declared = await CliProcess.RunAsync("data", "validate", dir.Path, "--pipeline", pipeline, "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("not read: band", plain.Stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.True(declared.ExitCode == 1, declared.ToString());
        using JsonDocument doc = JsonDocument.Parse(declared.Stdout);
        JsonElement problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("participants.csv", 4, "band"), (Path.GetFileName(problem.GetProperty("file").GetString()), problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
        Assert.Empty(doc.RootElement.GetProperty("ignored_columns").EnumerateArray());
    }

    [Fact]
    public async Task A_missing_directory_is_named_and_fails()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", "no/such/dir");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("no/such/dir", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("missing directory", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_history_gives_one_problem_per_defect_as_json_and_exit_1()
    {
        using var dir = new TempDir();
        long defectRow = await WriteCsvHistoryWithDefectAsync(dir.Path);

        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", dir.Path, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        JsonElement problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("out_of_range", problem.GetProperty("kind").GetString());
        Assert.Equal("participants.csv", problem.GetProperty("file").GetString());
        Assert.Equal(defectRow, problem.GetProperty("row").GetInt64());
        Assert.Equal("job_level", problem.GetProperty("column").GetString());
    }

    [Fact]
    public async Task Garbage_between_Parquet_magic_bytes_is_one_unreadable_file_problem_and_exit_1()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Sample);
        byte[] noise = new byte[2_000];
        new Random(7).NextBytes(noise);
        await File.WriteAllBytesAsync(dir["sessions.parquet"], [.. "PAR1"u8, .. noise, .. "PAR1"u8]);

        CliProcess.Result r = await CliProcess.RunAsync("data", "validate", dir.Path, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("unreadable_file", "sessions.parquet"), (problem.GetProperty("kind").GetString(), problem.GetProperty("file").GetString()));
        Assert.Equal("a readable Parquet file", problem.GetProperty("expected").GetString());
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "frobnicate");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("frobnicate", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Writes a small generated history as CSV with job_level 42 in the first participants row without quoted fields.</summary>
    private static async Task<long> WriteCsvHistoryWithDefectAsync(string target)
    {
        CliProcess.Result gen = await CliProcess.RunAsync("data", "generate", "--out", Path.Combine(target, "h"), "--mentees", "40", "--mentors", "25", "--cohorts", "2", "--format", "csv");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        foreach (string f in Directory.GetFiles(Path.Combine(target, "h")))
        {
            File.Move(f, Path.Combine(target, Path.GetFileName(f)));
        }

        Directory.Delete(Path.Combine(target, "h"));
        string path = Path.Combine(target, "participants.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int col = Array.IndexOf(header, "job_level");
        int line = Array.FindIndex(lines, 1, l => !l.Contains('"', StringComparison.Ordinal));
        var cells = lines[line].Split(',');
        Assert.Equal(header.Length, cells.Length); // no quoted field on this line, so a plain split is exact
        cells[col] = "42";
        lines[line] = string.Join(',', cells);
        await File.WriteAllLinesAsync(path, lines);
        return line; // the header is line 0, so the line index is the 1-based data row
    }
}

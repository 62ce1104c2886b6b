using System.Text.Json;
using System.Text.RegularExpressions;

namespace MatchModels.Cli.Tests.Data;

/// <summary>
/// <c>data import</c> end to end through the real program, on the README's example export and on copies of it with
/// one defect each: every bad input names its file, row and column (or mapping line and key), and leaves nothing.
/// </summary>
public sealed partial class ImportCommandTests
{
    private static readonly string s_example = Path.Combine(RepoPaths.Root, "data", "import-example");

    [Fact]
    public async Task The_README_command_imports_the_example_into_a_history_data_validate_accepts()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        string line = ReadmeImportLine().Match(readme).Value;
        string[] args = line[(line.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int outAt = Array.IndexOf(args, "--out");
        Assert.Equal("imported", args[outAt + 1]);
        using var dir = new TempDir();
        args[outAt + 1] = dir["imported"]; // into a temporary folder rather than the repository root

        CliProcess.Result import = await CliProcess.RunAsync(args);
        CliProcess.Result validate = await CliProcess.RunAsync("data", "validate", dir["imported"], "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("notice: employees.csv: column 'Cost Centre' is not used by the mapping (22 non-empty value(s))", import.Stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        using JsonDocument doc = JsonDocument.Parse(validate.Stdout);
        var rows = doc.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("table").GetString()!, f => f.GetProperty("rows").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["participants"] = 22, ["pairs"] = 14, ["sessions"] = 33, ["outcomes"] = 7 }, rows);
        Assert.Equal(["imported"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_mapped_column_the_export_lacks_names_the_mapping_line_key_and_export_file_with_exit_2()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        await Replace(src["mapping.yaml"], "from: Max mentees,", "from: Max Mentees,");

        (CliProcess.Result r, string output) = await ImportAsync(src);

        Assert.True(r.ExitCode == 2, r.ToString());
        int line = LineOf(src["mapping.yaml"], "mentor_capacity:");
        Assert.Contains($"mapping.yaml:{line}: tables.participants.columns.mentor_capacity: the column 'Max Mentees' is not in employees.csv (did you mean 'Max mentees'?)", r.Stderr, StringComparison.Ordinal);
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task A_date_that_does_not_parse_names_the_file_row_and_column_with_exit_1()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        string[] lines = await File.ReadAllLinesAsync(src["employees.csv"]);
        lines[5] = lines[5].Replace("06/01/2025", "2025-01-06", StringComparison.Ordinal); // data row 5
        await File.WriteAllLinesAsync(src["employees.csv"], lines);

        (CliProcess.Result r, string output) = await ImportAsync(src, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("employees.csv", 5, "Start Date → joined_at"), (problem.GetProperty("file").GetString(), problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
        Assert.Equal("a date in the format dd/MM/yyyy (Europe/Paris)", problem.GetProperty("expected").GetString());
        Assert.False(doc.RootElement.GetProperty("written").GetBoolean());
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task A_value_not_in_the_value_map_is_reported_with_its_count_and_first_rows_and_exit_1()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        string[] lines = await File.ReadAllLinesAsync(src["employees.csv"]);
        foreach (int row in new[] { 2, 4 })
        {
            string[] cells = lines[row].Split(',');
            cells[6] = "Principal"; // Grade
            lines[row] = string.Join(',', cells);
        }

        await File.WriteAllLinesAsync(src["employees.csv"], lines);

        (CliProcess.Result r, string output) = await ImportAsync(src);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("unmapped: employees.csv, column Grade → job_level: value \"Principal\" is not in the value map, 2 row(s), first at row(s) 2, 4", r.Stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.DoesNotContain("missing value", r.Stdout, StringComparison.Ordinal); // one problem per cell
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task A_missing_export_file_names_the_mapping_key_and_the_file_with_exit_2()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        File.Delete(src["meetings.csv"]);

        (CliProcess.Result r, string output) = await ImportAsync(src);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(@"mapping\.yaml:\d+: tables\.sessions\.file: the export file 'meetings\.csv' is not in ", r.Stderr);
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task An_unknown_mapping_key_is_refused_with_its_path_and_a_suggestion_and_exit_2()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        await Replace(src["mapping.yaml"], "joined_at: { from: Start Date, formats: [dd/MM/yyyy] }", "joined_at: { from: Start Date, format: [dd/MM/yyyy] }");

        (CliProcess.Result r, string output) = await ImportAsync(src);

        Assert.True(r.ExitCode == 2, r.ToString());
        int line = LineOf(src["mapping.yaml"], "joined_at:");
        Assert.Contains($"mapping.yaml:{line}: unknown key 'tables.participants.columns.joined_at.format' (did you mean 'formats'?)", r.Stderr, StringComparison.Ordinal);
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task Malformed_YAML_names_its_line_and_exit_2()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        await Replace(src["mapping.yaml"], "      department: Department", "     department: Department"); // one space short

        (CliProcess.Result r, string output) = await ImportAsync(src);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(@"mapping\.yaml:\d+: invalid YAML at column \d+: ", r.Stderr);
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task A_history_that_fails_validation_names_the_export_file_row_and_column_and_leaves_nothing()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        string[] lines = await File.ReadAllLinesAsync(src["meetings.csv"]);
        string[] cells = lines[1].Split(',');
        cells[1] = "2024-12-01 10:00"; // before its match
        lines[1] = string.Join(',', cells);
        await File.WriteAllLinesAsync(src["meetings.csv"], lines);

        (CliProcess.Result r, string output) = await ImportAsync(src, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("time_order", "meetings.csv", 1, "Meeting Start → held_at"), (problem.GetProperty("kind").GetString(), problem.GetProperty("file").GetString(), problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
        AssertNothingWritten(output);
    }

    [Fact]
    public async Task A_non_empty_output_folder_is_refused_with_exit_2_and_left_as_it_was()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        using var target = new TempDir();
        await File.WriteAllTextAsync(target["keep.txt"], "mine");

        CliProcess.Result r = await CliProcess.RunAsync("data", "import", src.Path, "--mapping", src["mapping.yaml"], "--out", target.Path);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("not an empty folder", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target.Path).Select(Path.GetFileName));
    }

    private static async Task<(CliProcess.Result Result, string Output)> ImportAsync(TempDir src, params string[] extra)
    {
        string output = src["out"];
        CliProcess.Result r = await CliProcess.RunAsync(["data", "import", src.Path, "--mapping", src["mapping.yaml"], "--out", output, .. extra]);
        return (r, output);
    }

    /// <summary>No output folder, and no folder written aside of it left behind.</summary>
    private static void AssertNothingWritten(string output)
    {
        Assert.False(Directory.Exists(output), $"{output} was written");
        string parent = Path.GetDirectoryName(output)!;
        Assert.DoesNotContain(Directory.EnumerateDirectories(parent), d => Path.GetFileName(d).Contains(".import-", StringComparison.Ordinal));
    }

    private static async Task Replace(string path, string from, string to)
    {
        string text = await File.ReadAllTextAsync(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static int LineOf(string path, string text) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [GeneratedRegex(@"dotnet run --project src/Cli -- data import [^\n`]+")]
    private static partial Regex ReadmeImportLine();
}

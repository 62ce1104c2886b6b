using System.Text.Json;

namespace MatchModels.Cli.Tests.Train;

/// <summary>matchmodels train through the real program: bad inputs give a clear message, an exit code and no run that looks successful.</summary>
public sealed class TrainCommandTests
{
    private static string SamplePipeline => Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml");

    [Fact]
    public async Task Trains_the_sample_and_prints_the_run_as_json()
    {
        using var registry = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("train", SamplePipeline, "--trials", "2", "--registry", registry.Path, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("succeeded", doc.RootElement.GetProperty("status").GetString());
        Assert.True(doc.RootElement.GetProperty("test").GetProperty("roc_auc").GetDouble() > 0.5);
        Assert.Single(Directory.GetDirectories(Path.Combine(registry.Path, "pair-success", "runs")));
    }

    [Fact]
    public async Task A_typo_in_the_pipeline_names_the_line_and_leaves_no_run()
    {
        using var dir = new TempDir();
        string yaml = (await File.ReadAllTextAsync(SamplePipeline)).Replace("features: all", "feaures: all", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir["typo.yaml"], yaml);

        CliProcess.Result r = await CliProcess.RunAsync("train", dir["typo.yaml"], "--registry", dir["models"], "--data", RepoPaths.Sample);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("typo.yaml:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("'feaures'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'features'", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["models"]));
    }

    [Fact]
    public async Task A_data_folder_failing_validation_is_refused_and_the_run_is_marked_failed()
    {
        using var dir = new TempDir();
        CopySampleTables(dir.Path);

        File.Delete(Path.Combine(dir.Path, "sessions.parquet"));

        CliProcess.Result r = await CliProcess.RunAsync("train", SamplePipeline, "--trials", "2", "--registry", dir["models"], "--data", dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("failed validation", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("sessions", r.Stderr, StringComparison.Ordinal);
        AssertOnlyAFailedRun(dir["models"]);
    }

    [Fact]
    public async Task An_empty_training_split_is_refused()
    {
        using var dir = new TempDir();
        string yaml = (await File.ReadAllTextAsync(SamplePipeline)).Replace("test_cohorts: 2", "test_cohorts: 6", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir["all-test.yaml"], yaml);

        CliProcess.Result r = await CliProcess.RunAsync("train", dir["all-test.yaml"], "--trials", "2", "--registry", dir["models"], "--data", RepoPaths.Sample);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("test_cohorts", r.Stderr, StringComparison.Ordinal);
        AssertOnlyAFailedRun(dir["models"]);
    }

    [Fact]
    public async Task A_budget_too_small_for_one_trial_is_refused()
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("train", SamplePipeline, "--budget", "0.001", "--registry", dir["models"]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("too small for even one complete trial", r.Stderr, StringComparison.Ordinal);
        AssertOnlyAFailedRun(dir["models"]);
    }

    [Fact]
    public async Task A_label_rule_whose_inputs_are_missing_is_refused()
    {
        using var dir = new TempDir();
        CopySampleTables(dir.Path);

        // An outcomes table with a header and no rows: valid data, but the rule needs mentee_satisfaction.
        File.Delete(Path.Combine(dir.Path, "outcomes.parquet"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "outcomes.csv"), "pair_id,surveyed_at,mentee_satisfaction,mentor_satisfaction,goals_set,goals_achieved\n");

        CliProcess.Result r = await CliProcess.RunAsync("train", SamplePipeline, "--trials", "2", "--registry", dir["models"], "--data", dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("mentee_satisfaction", r.Stderr, StringComparison.Ordinal);
        AssertOnlyAFailedRun(dir["models"]);
    }

    [Theory]
    [InlineData("not both", "--budget", "10", "--trials", "3")]
    [InlineData("--trials must be a positive", "--trials", "0")]
    [InlineData("--budget must be a positive", "--budget", "0")]
    public async Task Contradictory_or_impossible_search_options_are_refused(string expected, params string[] options)
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync(["train", SamplePipeline, "--registry", dir["models"], .. options]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["models"]));
    }

    [Fact]
    public async Task A_missing_pipeline_file_is_named()
    {
        CliProcess.Result r = await CliProcess.RunAsync("train", "pipelines/nope.yaml");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("pipelines/nope.yaml", r.Stderr, StringComparison.Ordinal);
    }

    private static void CopySampleTables(string target)
    {
        foreach (string f in Directory.GetFiles(RepoPaths.Sample, "*.parquet"))
        {
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
    }

    private static void AssertOnlyAFailedRun(string registry)
    {
        string run = Assert.Single(Directory.GetDirectories(Path.Combine(registry, "pair-success", "runs")));
        using JsonDocument status = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "status.json")));
        Assert.Equal("failed", status.RootElement.GetProperty("status").GetString());
        Assert.False(Directory.Exists(Path.Combine(run, "model")), "a failed run must not hold a model");
        Assert.False(File.Exists(Path.Combine(run, "report.html")), "a failed run must not hold a report");
    }
}

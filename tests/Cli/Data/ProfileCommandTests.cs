using System.Text.Json;

namespace MatchModels.Cli.Tests.Data;

public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Profiles_every_table_and_every_cohort_of_the_sample()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "profile", "data/sample", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        var tables = doc.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(["participants", "pairs", "sessions", "outcomes"], tables.Select(t => t.GetProperty("table").GetString()));
        JsonElement level = tables[0].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "job_level");
        Assert.InRange(level.GetProperty("numeric").GetProperty("min").GetDouble(), 1, 10);
        Assert.Equal(6, doc.RootElement.GetProperty("cohorts").GetArrayLength());
    }

    [Fact]
    public async Task Text_output_shows_outcomes_by_cohort()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "profile", "data/sample");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("outcomes by cohort", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("participants", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_directory_fails()
    {
        CliProcess.Result r = await CliProcess.RunAsync("data", "profile", "nowhere");

        Assert.NotEqual(0, r.ExitCode);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Cli.Tests.Serve;
using MatchModels.Core.Tables;

namespace MatchModels.Cli.Tests.Train;

/// <summary>
/// Issue 13's bar for optional fields, through the real program (ADR 0022): a history with only ids, roles, cohorts,
/// dates, pairs, sessions and outcomes trains both shipped pipelines, leaves out what it cannot feed with one notice per
/// field, registers, batch-scores and serves profiles that carry nothing but ids and dates.
/// </summary>
public sealed class MinimalHistoryCommandTests
{
    private static string Pipeline(string name) => Path.Combine(RepoPaths.Root, "pipelines", name);

    [Fact]
    public async Task A_minimal_history_trains_both_pipelines_and_serves_bare_profiles()
    {
        using var dir = new TempDir();
        string data = dir["minimal"], noOutcomes = dir["minimal-no-outcomes"], registry = dir["models"];
        await MinimalHistory.WriteSampleAsync(data, TableFormat.Parquet);
        await MinimalHistory.WriteSampleAsync(noOutcomes, TableFormat.Parquet, outcomes: false);

        CliProcess.Result validate = await CliProcess.RunAsync("data", "validate", data);
        CliProcess.Result success = await CliProcess.RunAsync("train", Pipeline("pair-success.yaml"), "--data", data, "--trials", "2", "--registry", registry, "--json");
        CliProcess.Result dropout = await CliProcess.RunAsync("train", Pipeline("dropout.yaml"), "--data", noOutcomes, "--trials", "2", "--registry", registry, "--json");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.True(success.ExitCode == 0, success.ToString());
        Assert.True(dropout.ExitCode == 0, dropout.ToString());
        foreach (CliProcess.Result trained in new[] { success, dropout })
        {
            JsonElement run = TrainedRegistryFixture.Json(trained);
            var omitted = run.GetProperty("omitted_features").EnumerateArray().ToList();
            Assert.Contains(omitted, o => o.GetProperty("features").EnumerateArray().Select(f => f.GetString()).SequenceEqual(["level_gap", "mentee_job_level"]));
            Assert.Equal(omitted.Count, omitted.Select(o => string.Join(",", o.GetProperty("fields").EnumerateArray().Select(f => f.GetString()))).Distinct().Count());
            string[] kept = [.. run.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)];
            Assert.Contains("mentor_prior_success_rate", kept);
            Assert.DoesNotContain("skill_jaccard", kept);
        }

        // Nothing but the mentor's track record is left to predict success from, so its gates fail (test AUC about 0.5,
        // as they should); a person may still register it, which the product allows with a reason. The drop-out model
        // keeps the engagement so far and registers on its own.
        JsonElement successRun = TrainedRegistryFixture.Json(success);
        Assert.Equal("gates_failed", successRun.GetProperty("registration").GetProperty("status").GetString());
        Assert.Equal("registered", TrainedRegistryFixture.Json(dropout).GetProperty("registration").GetProperty("status").GetString());
        string runDir = Path.Combine(registry, "pair-success", "runs", successRun.GetProperty("run_id").GetString()!);
        CliProcess.Result forced = await CliProcess.RunAsync("models", "register", runDir, "--force", "--reason", "minimal history test", "--registry", registry);
        Assert.True(forced.ExitCode == 0, forced.ToString());

        JsonElement dropoutRun = TrainedRegistryFixture.Json(dropout);
        Assert.Contains("sessions_so_far", dropoutRun.GetProperty("features").EnumerateArray().Select(f => f.GetString()));

        // Batch scoring of the history it was trained on.
        CliProcess.Result predict = await CliProcess.RunAsync("predict", "pair-success:1", "--data", data, "--out", dir["scored.csv"], "--registry", registry);
        Assert.True(predict.ExitCode == 0, predict.ToString());

        // Served: profiles with nothing but their ids and dates are scored, a present field is still checked.
        string key = TrainedRegistryFixture.Json(await CliProcess.RunAsync("keys", "create", "--name", "t", "--scopes", "score", "--keys", dir["keys.json"], "--json"))
            .GetProperty("key").GetString()!;
        await using ServeProcess server = await ServeProcess.StartAsync(new Dictionary<string, string>(), "--registry", registry, "--keys", dir["keys.json"], "--prediction-log", dir["log"]);
        using var client = new HttpClient { BaseAddress = server.Url };
        const string Bare = """{"pairs": [{"as_of": "2025-03-01T00:00:00Z", "mentee": {"participant_id": "a", "joined_at": "2024-01-15T00:00:00Z"}, "mentor": {"participant_id": "b", "joined_at": "2022-06-01T00:00:00Z"}}]}""";
        const string BadLevel = """{"pairs": [{"as_of": "2025-03-01T00:00:00Z", "mentee": {"participant_id": "a", "joined_at": "2024-01-15T00:00:00Z", "job_level": 11}, "mentor": {"participant_id": "b", "joined_at": "2022-06-01T00:00:00Z"}}]}""";
        foreach (string model in (string[])["pair-success", "dropout"])
        {
            (HttpStatusCode status, string body) = await PostAsync(client, key, $"/v1/models/{model}/predict?version=1", Bare);
            Assert.True(status == HttpStatusCode.OK, body);
            Assert.InRange(JsonDocument.Parse(body).RootElement.GetProperty("predictions")[0].GetProperty("probability").GetDouble(), 0, 1);
        }

        (HttpStatusCode refused, string problem) = await PostAsync(client, key, "/v1/models/pair-success/predict?version=1", BadLevel);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("$.pairs[0].mentee.job_level", problem, StringComparison.Ordinal);

        // The document asks of a profile what the registered versions need: here, only ids and dates.
        using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        JsonElement schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["participant_id", "joined_at"], schemas.GetProperty("MenteeProfile").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["participant_id", "joined_at"], schemas.GetProperty("MentorProfile").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Batch_scoring_refuses_a_history_without_a_column_the_version_reads_and_writes_nothing()
    {
        using var dir = new TempDir();
        string withLevels = dir["with-levels"], minimal = dir["minimal"], registry = dir["models"], output = dir["scored.csv"];
        await MinimalHistory.WriteSampleAsync(withLevels, TableFormat.Csv, outcomes: false, "job_level");
        await MinimalHistory.WriteSampleAsync(minimal, TableFormat.Csv, outcomes: false);

        CliProcess.Result trained = await CliProcess.RunAsync("train", Pipeline("dropout.yaml"), "--data", withLevels, "--trials", "1", "--registry", registry);
        CliProcess.Result refused = await CliProcess.RunAsync("predict", "dropout:1", "--data", minimal, "--out", output, "--registry", registry);

        Assert.True(trained.ExitCode == 0, trained.ToString());
        // The run output says once what it left out; job_level is kept, so its features are in.
        Assert.Contains("notice: participants has no site in the training cohorts (column absent or every value empty): left out same_site", trained.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no job_level", trained.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("participants has no job_level (column absent or every value empty), which dropout:1 reads and has no fill for", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string key, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage r = await client.SendAsync(request);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }
}

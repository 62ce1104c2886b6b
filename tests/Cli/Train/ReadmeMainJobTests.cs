using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchModels.Cli.Tests.Models;
using MatchModels.Cli.Tests.Serve;

namespace MatchModels.Cli.Tests.Train;

/// <summary>
/// The README's main job end to end through the real <c>matchmodels</c> processes: train the shipped pipeline on the
/// sample, then the commands README.md shows after it (create a key, serve, curl one pair, promote with a reason), read
/// from README.md itself so the README cannot drift from what works.
/// </summary>
public sealed partial class ReadmeMainJobTests
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

    [Fact]
    public async Task The_readme_main_job_registers_a_version_that_its_next_commands_serve_and_score()
    {
        using var dir = new TempDir();
        string registry = dir["models"];
        string[] next = ReadmeLinesAfterTheTwoCommands();
        string curl = Assert.Single(next, l => l.StartsWith("curl ", StringComparison.Ordinal));

        // The README's command, into a private registry, with 2 trials instead of the 45-second budget to keep CI fast
        // (the search is the only part it changes: the gates, intervals and registration are the same code).
        CliProcess.Result trained = await CliProcess.RunAsync("train", "pipelines/pair-success.yaml", "--registry", registry, "--trials", "2");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("registered as pair-success:1, not promoted", trained.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(registry, "pair-success", "aliases.json")), "an inconclusive version must not be aliased");
        string printed = trained.Stdout.Replace($" --registry {registry}", "", StringComparison.Ordinal);
        Assert.All(next, line => Assert.Contains("  " + line + "\n", printed, StringComparison.Ordinal));

        // keys create, as README shows it, with the keys file in the temporary folder instead of the repository root.
        string key = TrainedRegistryFixture.Json(await CliProcess.RunAsync("keys", "create", "--name", "local", "--scopes", "score", "--keys", dir["keys.json"], "--json"))
            .GetProperty("key").GetString()!;
        await using ServeProcess server = await ServeProcess.StartAsync(new Dictionary<string, string>(), "--registry", registry, "--keys", dir["keys.json"], "--prediction-log", dir["log"]);
        using var client = new HttpClient { BaseAddress = server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Url(curl).PathAndQuery, UriKind.Relative))
        {
            Content = new StringContent(Body(curl), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage answered = await client.SendAsync(request);

        string body = await answered.Content.ReadAsStringAsync();
        Assert.True(answered.StatusCode == HttpStatusCode.OK, body);
        JsonElement root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.InRange(root.GetProperty("predictions")[0].GetProperty("probability").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task An_inconclusive_version_is_promoted_only_with_a_persons_reason()
    {
        using var dir = new TempDir();
        string registry = dir["models"];
        CliProcess.Result trained = await CliProcess.RunAsync("train", "pipelines/pair-success.yaml", "--registry", registry, "--trials", "2", "--alias", "champion", "--json");
        JsonElement run = TrainedRegistryFixture.Json(trained);

        CliProcess.Result refused = await CliProcess.RunAsync("models", "promote", "pair-success", "1", "--registry", registry);
        JsonElement promoted = TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", "pair-success", "1", "--registry", registry, "--reason", "reviewed the report with HR", "--json"));

        Assert.Equal("inconclusive", run.GetProperty("gates").GetProperty("outcome").GetString());
        Assert.True(run.GetProperty("registration").GetProperty("awaits_review").GetBoolean());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("registration").GetProperty("alias").ValueKind);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("inconclusive gates", refused.Stderr, StringComparison.Ordinal);
        Assert.True(promoted.GetProperty("reviewed").GetBoolean());
        Assert.Equal(1, promoted.GetProperty("change").GetProperty("version").GetInt32());
        string history = await File.ReadAllTextAsync(Path.Combine(registry, "pair-success", "history.jsonl"));
        Assert.Contains("gates inconclusive, reviewed: reviewed the report with HR", history, StringComparison.Ordinal);
    }

    /// <summary>The commands of the first code block after "The two commands": keys create, serve, curl, promote.</summary>
    private static string[] ReadmeLinesAfterTheTwoCommands()
    {
        string section = s_readme[s_readme.IndexOf("## The two commands", StringComparison.Ordinal)..s_readme.IndexOf("## The `matchmodels` command at a glance", StringComparison.Ordinal)];
        MatchCollection blocks = CodeBlock().Matches(section);
        Assert.True(blocks.Count >= 2, "README's main job needs the two commands and then the serving block");
        return [.. blocks[1].Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static Uri Url(string curl) => new(CurlUrl().Match(curl) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no URL in {curl}"));

    private static string Body(string curl)
    {
        string body = CurlBody().Match(curl) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no -d '…' body in {curl}");
        using JsonDocument valid = JsonDocument.Parse(body);
        return body;
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("'(http://[^']+)'")]
    private static partial Regex CurlUrl();

    [GeneratedRegex(" -d '(.*)'$")]
    private static partial Regex CurlBody();
}

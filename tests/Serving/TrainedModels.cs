using System.Text.Json.Nodes;
using MatchModels.Core.ApiKeys;
using MatchModels.Core.Registry;
using MatchModels.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchModels.Serving.Tests;

/// <summary>
/// A registry with two real pair-success versions trained in-process on the sample (seeds 1 and 2), champion → 1 and
/// challenger → 2. The shipped gates fail on the sample's noise, so the pipeline is copied with lenient ECE and
/// fairness gates, as the CLI's registry tests do. Tests that change aliases take a private copy.
/// </summary>
public sealed class TrainedModels : IAsyncLifetime, IDisposable
{
    public const string Name = "pair-success";

    private readonly TempDir _dir = new();

    public string Registry => _dir["models"];

    /// <summary>A key with the score scope, sent by every client <see cref="Host"/> creates.</summary>
    public string Key { get; private set; } = "";

    public string KeysFile => _dir["keys.json"];

    public string LogFolder => _dir["prediction-log"];

    public async Task InitializeAsync()
    {
        string pipeline = _dir["pair-success.yaml"];
        string yaml = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")))
            .Replace("max_ece: 0.05", "max_ece: 0.5", StringComparison.Ordinal)
            .Replace("max_fairness_gap: 0.10", "max_fairness_gap: 1.0", StringComparison.Ordinal);
        await File.WriteAllTextAsync(pipeline, yaml);
        var train = new TrainPipeline(TimeProvider.System);
        foreach (int seed in (int[])[1, 2])
        {
            TrainResult r = await train.RunAsync(new TrainRequest(pipeline, Registry, RepoPaths.Sample, seed, Trials: 2));
            Assert.True(r.Record.Registration?.Version is not null, $"seed {seed} was not registered");
        }

        Key = ManageApiKeys.Create(KeysFile, "tests", [ApiKeyScopes.Score], DateTime.UtcNow).Key;
        var registry = new ModelRegistry(Registry);
        Assert.Equal([1, 2], registry.Versions(Name));
        SetAlias.Run(registry, Name, ModelReference.Champion, 1, DateTime.UtcNow, "fixture", forced: true);
        SetAlias.Run(registry, Name, "challenger", 2, DateTime.UtcNow, "fixture", forced: true);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The real host over <paramref name="registry"/> (this fixture's by default) with extra configuration.</summary>
    public WebApplicationFactory<Program> Host(string? registry = null, params (string Key, string Value)[] settings) =>
        new KeyedHost(Key).WithWebHostBuilder(b =>
        {
            b.UseSetting("Serving:Registry", registry ?? Registry);
            b.UseSetting("Serving:KeysFile", KeysFile);
            b.UseSetting("Serving:PredictionLog:Folder", LogFolder);
            b.UseSetting("Serving:RateLimit:PermitLimit", "0");
            foreach ((string key, string value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    /// <summary>A private copy of the registry for a test that changes aliases.</summary>
    internal TempDir Copy() => TempDir.CopyTreeOf(Registry);
}

/// <summary>The real host whose clients send a score key, as an HR platform would.</summary>
internal sealed class KeyedHost(string key) : WebApplicationFactory<Program>
{
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }
}

/// <summary>Request bodies with valid profiles, for tests to break one field at a time.</summary>
internal static class Bodies
{
    public static JsonObject Mentee(string id = "mentee-1") => new()
    {
        ["participant_id"] = id,
        ["joined_at"] = "2024-01-15T00:00:00Z",
        ["department"] = "Sales",
        ["site"] = "Paris",
        ["timezone_offset_h"] = 1,
        ["job_level"] = 3,
        ["tenure_years"] = 2.5,
        ["manager_id"] = "boss-1",
        ["languages"] = new JsonArray("fr", "en"),
        ["skills"] = new JsonArray("negotiation", "public speaking"),
        ["goals_text"] = "I want to present with confidence to senior leaders",
        ["availability_h_per_month"] = 4,
    };

    public static JsonObject Mentor(string id = "mentor-1", string language = "fr", double timezone = 1, int capacity = 2, string? manager = "boss-9") => new()
    {
        ["participant_id"] = id,
        ["joined_at"] = "2022-06-01T00:00:00Z",
        ["department"] = "Legal",
        ["site"] = "Lyon",
        ["timezone_offset_h"] = timezone,
        ["job_level"] = 6,
        ["tenure_years"] = 9,
        ["manager_id"] = manager,
        ["languages"] = new JsonArray(language),
        ["skills"] = new JsonArray("public speaking", "leadership"),
        ["goals_text"] = "Happy to coach presentation skills and negotiation",
        ["availability_h_per_month"] = 6,
        ["mentor_capacity"] = capacity,
    };

    public static JsonObject Pair(JsonObject? mentee = null, JsonObject? mentor = null) => new()
    {
        ["mentee"] = mentee ?? Mentee(),
        ["mentor"] = mentor ?? Mentor(),
        ["as_of"] = "2025-03-01T00:00:00Z",
        ["mentor_record"] = new JsonObject { ["active_pairs"] = 1, ["prior_pairs"] = 3, ["prior_completed"] = 2 },
    };

    public static JsonObject Predict(params JsonObject[] pairs) => new() { ["pairs"] = new JsonArray([.. pairs.Length == 0 ? [Pair()] : pairs]) };
}

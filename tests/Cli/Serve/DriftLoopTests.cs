using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.Registry;

namespace MatchModels.Cli.Tests.Serve;

/// <summary>
/// Issue 12's full loop through the real program, while a client scores pairs against a running <c>serve</c> the whole
/// time: a drifted history replayed with <c>predict --log</c>, <c>monitor</c> raising a dataset-drift alert to a
/// signed webhook on loopback, <c>retrain</c> training a new version that waits as the candidate, a person's
/// <c>models approve</c>, and the server answering with the new champion; not one request fails.
/// </summary>
public sealed class DriftLoopTests
{
    private const string Name = "pair-success";
    private const string Secret = "loop-test-secret";

    /// <summary>The generator's profile drift starts with the fourth of six cohorts: 2023-01-09 + 3 × 147 days.</summary>
    private const string ChangeDate = "2024-03-25";

    /// <summary>
    /// The domain classifier is off (this loop is about per-feature drift, and it would double the monitor's time), and
    /// the dataset drifts from a 0.15 share of drifted features: the profile drift moves 4 of the 26 (three mentee
    /// fields and level_gap), below the default half.
    /// </summary>
    private const string Monitoring = """

        monitoring:
          multivariate: off
          drift:
            share: 0.15
          retraining:
            triggers:
              dataset_drift: {windows: 1, of_last: 1}
        """;

    /// <summary>Long enough for a swap that the server picks up within its alias recheck (250 ms), on a slow, shared machine.</summary>
    private static readonly TimeSpan s_swapTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The client sends requests back to back, past the default 6,000 a minute per key (load tests turn the limit off too).</summary>
    private static readonly Dictionary<string, string> s_unlimited = new() { ["Serving__RateLimit__PermitLimit"] = "0" };

    [Fact]
    public async Task Drift_raises_an_alert_retrains_and_the_approved_version_is_served_without_a_failed_request()
    {
        using var dir = new TempDir();
        string registry = dir["models"];
        string pipeline = dir["pair-success.yaml"];
        string yaml = (await File.ReadAllTextAsync(TrainedRegistryFixture.Pipeline))
            .Replace("max_ece: 0.05", "max_ece: 0.5", StringComparison.Ordinal)
            .Replace("max_fairness_gap: 0.10", "max_fairness_gap: 1.0", StringComparison.Ordinal) + Monitoring;
        await File.WriteAllTextAsync(pipeline, yaml);
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("train", pipeline, "--trials", "2", "--data", RepoPaths.Sample, "--registry", registry, "--json"));
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", Name, "1", "--registry", registry, "--json"));
        string key = TrainedRegistryFixture.Json(await CliProcess.RunAsync("keys", "create", "--name", "loop", "--scopes", "score", "--keys", dir["keys.json"], "--json"))
            .GetProperty("key").GetString()!;
        await using ServeProcess server = await ServeProcess.StartAsync(
            s_unlimited, "--registry", registry, "--keys", dir["keys.json"], "--prediction-log", dir["serve-log"]);
        using var receiver = new LoopbackReceiver();
        using var client = new ScoringClient(server, key);
        Task scoring = client.RunAsync();

        // A newer export whose later cohorts drift, scored as a batch into a log, and monitored over the drifted cohorts.
        string drifted = dir["drifted"];
        Assert.Equal(0, (await CliProcess.RunAsync("data", "generate", "--out", drifted, "--seed", "8", "--drift", "profile")).ExitCode);
        CliProcess.Result scored = await CliProcess.RunAsync("predict", Name, "--data", drifted, "--out", dir["predictions.parquet"], "--log", dir["replay-log"], "--registry", registry);
        Assert.True(scored.ExitCode == 0, scored.ToString());
        JsonElement monitored = TrainedRegistryFixture.Json(await CliProcess.RunAsync(
            new Dictionary<string, string> { ["MATCHMODELS_WEBHOOK_SECRET"] = Secret },
            "monitor", Name, "--log", dir["replay-log"], "--time", "as-of", "--since", ChangeDate, "--window", "250",
            "--webhook", receiver.Url.ToString(), "--registry", registry, "--json"));

        Assert.Contains(monitored.GetProperty("alerts").GetProperty("new").EnumerateArray(), a => a.GetProperty("kind").GetString() == "dataset_drift");
        Assert.Contains(receiver.Requests, r => r.Body.Contains("\"dataset_drift\"", StringComparison.Ordinal));
        LoopbackReceiver.Received alert = receiver.Requests.First(r => r.Body.Contains("\"dataset_drift\"", StringComparison.Ordinal));
        Assert.StartsWith("sha256=", alert.Headers["X-MatchModels-Signature"], StringComparison.Ordinal);

        // The alert's evidence triggers the retraining; the new version waits for a person while version 1 is served.
        JsonElement decision = TrainedRegistryFixture.Json(await CliProcess.RunAsync("retrain", Name, "--data", drifted, "--trials", "2", "--registry", registry, "--json"));
        Assert.Equal("awaiting_approval", decision.GetProperty("outcome").GetString());
        Assert.Equal(2, decision.GetProperty("new_version").GetInt32());
        var reg = new ModelRegistry(registry);
        Assert.Equal(2, reg.Aliases(Name)["candidate"]);
        Assert.Equal(1, reg.Aliases(Name)["champion"]);
        Assert.DoesNotContain(2, client.Versions.Keys);

        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "approve", Name, "2", "--reason", "drift report and fairness report read", "--registry", registry, "--json"));
        bool swapped = await client.WaitForVersionAsync(2, s_swapTimeout);
        await client.StopAsync(scoring);

        Assert.True(client.Failures.IsEmpty, string.Join('\n', client.Failures.Take(10)));
        Assert.True(swapped, $"no answer from version 2 within {s_swapTimeout.TotalSeconds:0} s of the approval; versions answered: {string.Join(", ", client.Versions.Select(v => $"{v.Key}: {v.Value}"))}");
        Assert.True(client.Versions.GetValueOrDefault(1) > 0, "version 1 answered before the approval");
        Assert.Equal(2, reg.Aliases(Name)["champion"]);
        Assert.False(server.HasExited);
    }

    /// <summary>Sends predict requests for the champion back to back until stopped, counting the versions that answered and every failure.</summary>
    private sealed class ScoringClient(ServeProcess server, string key) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        private readonly CancellationTokenSource _stop = new();
        private int _sent;

        public ConcurrentDictionary<int, int> Versions { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public Task RunAsync() => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref _sent);
                try
                {
                    using HttpResponseMessage response = await _http.SendAsync(ServeEndToEndTests.Keyed(key, ServeEndToEndTests.Body($"loop-{i}", pairs: 1)));
                    string body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Failures.Enqueue($"request {i}: {(int)response.StatusCode} {body}");
                        continue;
                    }

                    int version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();
                    Versions.AddOrUpdate(version, 1, (_, n) => n + 1);
                }
                catch (HttpRequestException e)
                {
                    Failures.Enqueue($"request {i}: {e.Message}");
                }
            }
        });

        public async Task<bool> WaitForVersionAsync(int version, TimeSpan timeout)
        {
            using var waited = new CancellationTokenSource(timeout);
            while (!waited.IsCancellationRequested)
            {
                if (Versions.ContainsKey(version))
                {
                    return true;
                }

                await Task.Delay(100, CancellationToken.None);
            }

            return false;
        }

        /// <summary>Lets a few more requests reach the new version, then stops the loop and waits for its last request.</summary>
        public async Task StopAsync(Task loop)
        {
            int until = Volatile.Read(ref _sent) + 20;
            using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Volatile.Read(ref _sent) < until && !waited.IsCancellationRequested && !loop.IsCompleted)
            {
                await Task.Delay(50, CancellationToken.None);
            }

            await _stop.CancelAsync();
            await loop;
        }

        public void Dispose()
        {
            _stop.Dispose();
            _http.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Cli.Tests.Serve;

/// <summary><c>matchmodels serve</c> as a child process on a real socket, with a key made by <c>matchmodels keys create</c>.</summary>
public sealed class ServeEndToEndTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    /// <summary>Concurrent clients, each with its own connection, and the requests each sends unless the server stops first.</summary>
    private const int Clients = 4;

    private const int RequestsPerClient = 50;

    /// <summary>The stop signal goes out when this many requests have been answered, while the other clients' requests are in flight.</summary>
    private const int SignalAfter = Clients * RequestsPerClient / 2;

    /// <summary>Requests carry 1 to this many pairs, so a log that kept only one row per request would be caught.</summary>
    private const int MaxPairs = 4;

    /// <summary>Ample for a stop that finishes a few requests and writes a few hundred rows, on a slow, shared machine.</summary>
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// No write-ahead segment is compacted into Parquet before the stop (a segment closes at 16 MiB or after ten
    /// minutes), so every row read afterwards was compacted by the graceful stop.
    /// </summary>
    private static readonly Dictionary<string, string> s_holdLogUntilStop = new() { ["Serving__PredictionLog__SegmentSeconds"] = "600" };

    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    private const string PairJson = """
        {
          "mentee": {"participant_id": "MENTEE", "joined_at": "2024-01-15T00:00:00Z", "department": "Sales", "site": "Paris",
            "timezone_offset_h": 1, "job_level": 3, "tenure_years": 2.5, "manager_id": "boss-1", "languages": ["fr", "en"],
            "skills": ["negotiation", "public speaking"], "goals_text": "I want to present with confidence to senior leaders", "availability_h_per_month": 4},
          "mentor": {"participant_id": "mentor-1", "joined_at": "2022-06-01T00:00:00Z", "department": "Legal", "site": "Lyon",
            "timezone_offset_h": 1, "job_level": 6, "tenure_years": 9, "manager_id": "boss-9", "languages": ["fr"],
            "skills": ["public speaking", "leadership"], "goals_text": "Happy to coach presentation skills and negotiation",
            "availability_h_per_month": 6, "mentor_capacity": 2},
          "as_of": "2025-03-01T00:00:00Z",
          "mentor_record": {"active_pairs": 1, "prior_pairs": 3, "prior_completed": 2}
        }
        """;

    [Fact]
    public async Task Serve_answers_a_keyed_predict_on_a_real_socket_and_refuses_one_without_a_key()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string key = await PromoteAndCreateKeyAsync(registry, dir);
        await using ServeProcess server = await ServeProcess.StartAsync(
            new Dictionary<string, string>(), "--registry", registry.Path, "--keys", dir["keys.json"], "--prediction-log", dir["log"]);
        using var client = new HttpClient { BaseAddress = server.Url };

        using HttpResponseMessage anonymous = await client.PostAsync(s_predict, Body("mentee-1", pairs: 1));
        using HttpResponseMessage answered = await client.SendAsync(Keyed(key, Body("mentee-1", pairs: 1)));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        string body = await answered.Content.ReadAsStringAsync();
        Assert.True(answered.StatusCode == HttpStatusCode.OK, body);
        JsonElement root = JsonDocument.Parse(body).RootElement;
        double probability = root.GetProperty("predictions")[0].GetProperty("probability").GetDouble();
        Assert.InRange(probability, 0, 1);
    }

    [PosixTheory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public async Task A_stop_signal_amid_requests_exits_0_with_every_acknowledged_prediction_in_the_log(PosixSignal signal)
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string key = await PromoteAndCreateKeyAsync(registry, dir);
        string log = dir["log"];
        await using ServeProcess server = await ServeProcess.StartAsync(
            s_holdLogUntilStop, "--registry", registry.Path, "--keys", dir["keys.json"], "--prediction-log", log);
        DateOnly firstDay = DateOnly.FromDateTime(DateTime.UtcNow);

        IReadOnlyDictionary<string, int> acknowledged = await SendFromSeveralClientsAndSignalAsync(server, key, signal, atSignal: () =>
            Assert.Empty(ParquetFilesUnder(log)));
        CliProcess.Result exit = await server.WaitForExitAsync(s_stopTimeout);

        Assert.True(exit.ExitCode == 0, $"after {signal}: {ServeProcess.Describe(exit)}");
        await AssertLoggedExactlyAsync(log, firstDay, acknowledged);
        Assert.DoesNotContain("Unhandled exception", exit.Stdout + exit.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?m)^(fail|crit):", exit.Stdout + exit.Stderr);
    }

    /// <summary>
    /// <see cref="Clients"/> clients send predict requests with 1 to <see cref="MaxPairs"/> pairs; after
    /// <see cref="SignalAfter"/> answers the server gets <paramref name="signal"/> (right after <paramref name="atSignal"/> runs),
    /// and the clients go on until it stops answering. Returns every acknowledged request id with its number of pairs.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, int>> SendFromSeveralClientsAndSignalAsync(ServeProcess server, string key, PosixSignal signal, Action? atSignal = null)
    {
        var acknowledged = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answered = 0;
        bool signalled = false;

        async Task ClientAsync(int client)
        {
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = s_stopTimeout };
            for (int i = 0; i < RequestsPerClient; i++)
            {
                int pairs = 1 + ((client + i) % MaxPairs);
                bool sentAfterSignal = Volatile.Read(ref signalled);
                try
                {
                    using HttpResponseMessage response = await http.SendAsync(Keyed(key, Body($"mentee-{client}-{i}", pairs)));
                    string body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        // A request the stopping server refuses because its log is closing is not acknowledged; anything else is a fault.
                        if (!sentAfterSignal || response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        {
                            failures.Enqueue($"client {client} request {i}: {(int)response.StatusCode} {body}");
                        }

                        return;
                    }

                    JsonElement root = JsonDocument.Parse(body).RootElement;
                    Assert.Equal(pairs, root.GetProperty("predictions").GetArrayLength());
                    Assert.True(acknowledged.TryAdd(root.GetProperty("request_id").GetString()!, pairs), "request ids repeat");
                    if (Interlocked.Increment(ref answered) == SignalAfter)
                    {
                        halfway.SetResult();
                    }
                }
                catch (HttpRequestException e)
                {
                    // After the signal the server stops listening and closes idle connections; before it, this is a fault.
                    if (!sentAfterSignal)
                    {
                        failures.Enqueue($"client {client} request {i}: {e.Message}");
                    }

                    return;
                }
            }
        }

        Task[] clients = [.. Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c)))];
        Task first = await Task.WhenAny(halfway.Task, Task.WhenAll(clients));
        Assert.True(first == halfway.Task, $"the clients stopped before {SignalAfter} answers: {string.Join("; ", failures)}");
        atSignal?.Invoke();
        Volatile.Write(ref signalled, true);
        server.Signal(signal);
        await Task.WhenAll(clients);

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
        Assert.InRange(acknowledged.Count, SignalAfter, Clients * RequestsPerClient);
        return acknowledged;
    }

    /// <summary>Every acknowledged request id is in the log with exactly as many rows as it had pairs.</summary>
    internal static async Task AssertLoggedExactlyAsync(string log, DateOnly firstDay, IReadOnlyDictionary<string, int> acknowledged)
    {
        IReadOnlyList<PredictionRecord> rows = await PredictionLogReader.ReadPredictionsAsync(log, firstDay, DateOnly.FromDateTime(DateTime.UtcNow));
        var logged = rows.GroupBy(r => r.RequestId).ToDictionary(g => g.Key, g => g.Count());
        string[] wrong = [.. acknowledged
            .Where(a => logged.GetValueOrDefault(a.Key) != a.Value)
            .Select(a => $"{a.Key}: {a.Value} pairs acknowledged, {logged.GetValueOrDefault(a.Key)} rows logged")];
        Assert.True(wrong.Length == 0, $"{wrong.Length} of {acknowledged.Count} acknowledged requests are not logged exactly ({rows.Count} rows in the log):\n{string.Join('\n', wrong.Take(20))}");
    }

    internal static IEnumerable<string> ParquetFilesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories) : [];

    /// <summary>Points the champion alias at version 1 and creates a scoring key in <c>keys.json</c> under <paramref name="dir"/>.</summary>
    internal static async Task<string> PromoteAndCreateKeyAsync(TempDir registry, TempDir dir)
    {
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", "pair-success", "1", "--registry", registry.Path, "--json"));
        return TrainedRegistryFixture.Json(await CliProcess.RunAsync("keys", "create", "--name", "e2e", "--scopes", "score", "--keys", dir["keys.json"], "--json"))
            .GetProperty("key").GetString()!;
    }

    internal static HttpRequestMessage Keyed(string key, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_predict) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>A predict body of <paramref name="pairs"/> pairs whose mentees are <paramref name="mentee"/>-0, -1, …</summary>
    internal static StringContent Body(string mentee, int pairs)
    {
        IEnumerable<string> each = Enumerable.Range(0, pairs).Select(k => PairJson.Replace("MENTEE", $"{mentee}-{k}", StringComparison.Ordinal));
        return new StringContent($$"""{"pairs": [{{string.Join(',', each)}}]}""", Encoding.UTF8, "application/json");
    }
}

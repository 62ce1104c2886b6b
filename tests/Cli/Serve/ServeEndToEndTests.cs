using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;

namespace MatchModels.Cli.Tests.Serve;

/// <summary><c>matchmodels serve</c> as a child process on a real socket, with a key made by <c>matchmodels keys create</c>.</summary>
public sealed class ServeEndToEndTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    /// <summary>Start-up loads the registry and ONNX Runtime; a minute leaves room for a slow, shared CI machine.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(1);

    private const string PredictBody = """
        {"pairs": [{
          "mentee": {"participant_id": "mentee-1", "joined_at": "2024-01-15T00:00:00Z", "department": "Sales", "site": "Paris",
            "timezone_offset_h": 1, "job_level": 3, "tenure_years": 2.5, "manager_id": "boss-1", "languages": ["fr", "en"],
            "skills": ["negotiation", "public speaking"], "goals_text": "I want to present with confidence to senior leaders", "availability_h_per_month": 4},
          "mentor": {"participant_id": "mentor-1", "joined_at": "2022-06-01T00:00:00Z", "department": "Legal", "site": "Lyon",
            "timezone_offset_h": 1, "job_level": 6, "tenure_years": 9, "manager_id": "boss-9", "languages": ["fr"],
            "skills": ["public speaking", "leadership"], "goals_text": "Happy to coach presentation skills and negotiation",
            "availability_h_per_month": 6, "mentor_capacity": 2},
          "as_of": "2025-03-01T00:00:00Z",
          "mentor_record": {"active_pairs": 1, "prior_pairs": 3, "prior_completed": 2}
        }]}
        """;

    [Fact]
    public async Task Serve_answers_a_keyed_predict_on_a_real_socket_and_refuses_one_without_a_key()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string keys = dir["keys.json"];
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("models", "promote", "pair-success", "1", "--registry", registry.Path, "--json"));
        string key = TrainedRegistryFixture.Json(await CliProcess.RunAsync("keys", "create", "--name", "e2e", "--scopes", "score", "--keys", keys, "--json"))
            .GetProperty("key").GetString()!;
        var url = new Uri($"http://127.0.0.1:{FreePort()}");

        using Process server = CliProcess.Start(
            new Dictionary<string, string>(),
            "serve", "--registry", registry.Path, "--keys", keys, "--prediction-log", dir["log"], "--urls", url.ToString().TrimEnd('/'));
        Task<string> stderr = server.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = url };
            await WaitUntilLiveAsync(client, server, stderr);

            using HttpResponseMessage anonymous = await client.PostAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Json());
            using var keyed = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/models/pair-success/predict", UriKind.Relative)) { Content = Json() };
            keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using HttpResponseMessage answered = await client.SendAsync(keyed);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            string body = await answered.Content.ReadAsStringAsync();
            Assert.True(answered.StatusCode == HttpStatusCode.OK, body);
            JsonElement root = JsonDocument.Parse(body).RootElement;
            double probability = root.GetProperty("predictions")[0].GetProperty("probability").GetDouble();
            Assert.InRange(probability, 0, 1);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static StringContent Json() => new(PredictBody, Encoding.UTF8, "application/json");

    /// <summary>A port the system just handed out and released: free unless another process takes it in the next instant.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilLiveAsync(HttpClient client, Process server, Task<string> stderr)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < s_startTimeout)
        {
            Assert.False(server.HasExited, $"serve exited with {(server.HasExited ? server.ExitCode : 0)}: {(server.HasExited ? await stderr : "")}");
            try
            {
                using HttpResponseMessage live = await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative));
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"serve did not answer /v2/health/live within {s_startTimeout.TotalSeconds:0} s");
    }
}

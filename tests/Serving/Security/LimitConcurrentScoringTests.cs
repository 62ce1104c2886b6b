using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MatchModels.Serving.Security;
using MatchModels.Serving.Tests.Scoring;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchModels.Serving.Tests.Security;

/// <summary>
/// Scoring requests held open (their bodies not yet sent) fill Serving:MaxConcurrentRequests; the next is answered 503
/// with Retry-After while its own body is still unsent, so the answer cannot have waited for it, and the held ones
/// finish normally once their bodies arrive.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class LimitConcurrentScoringTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    [Fact]
    public async Task Past_the_limit_a_scoring_request_gets_503_with_retry_after_before_its_body_is_read()
    {
        using var host = models.Host(null, ("Serving:MaxConcurrentRequests", "2"));
        using HttpClient client = Streaming(host);
        LimitConcurrentScoring gate = host.Services.GetRequiredService<LimitConcurrentScoring>();
        string body = Bodies.Predict().ToJsonString();
        HeldBody[] held = [new(body), new(body)];
        Task<HttpResponseMessage>[] running = [.. held.Select(h => client.PostAsync(s_predict, h))];
        await WaitUntil(() => gate.InFlight == 2, () => $"in flight {gate.InFlight}, tasks {string.Join(",", running.Select(t => t.Status))}");

        var neverSent = new HeldBody(body);
        HttpResponseMessage refused = await client.PostAsync(new Uri("/v1/models/pair-success/rank", UriKind.Relative), neverSent);
        HttpResponseMessage health = await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative));
        foreach (HeldBody h in held)
        {
            h.Release();
        }

        HttpResponseMessage[] answered = await Task.WhenAll(running);
        HttpResponseMessage after = await client.PostAsJsonAsync(s_predict, Bodies.Predict());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Server busy", problem.GetProperty("title").GetString());
        Assert.Contains("Serving:MaxConcurrentRequests", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(neverSent.Sent, "the refused request's body was read");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(0, gate.InFlight);
        Assert.Contains("matchmodels_concurrency_refused_total 1", await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_of_zero_lets_every_request_through()
    {
        using var host = models.Host(null, ("Serving:MaxConcurrentRequests", "0"));
        using HttpClient client = Streaming(host);
        LimitConcurrentScoring gate = host.Services.GetRequiredService<LimitConcurrentScoring>();
        string body = Bodies.Predict().ToJsonString();
        HeldBody[] held = [.. Enumerable.Range(0, 3).Select(_ => new HeldBody(body))];
        Task<HttpResponseMessage>[] running = [.. held.Select(h => client.PostAsync(s_predict, h))];
        await WaitUntil(() => gate.InFlight == 3, () => $"in flight {gate.InFlight}");

        HttpResponseMessage another = await client.PostAsJsonAsync(s_predict, Bodies.Predict());
        foreach (HeldBody h in held)
        {
            h.Release();
        }

        Assert.Equal(HttpStatusCode.OK, another.StatusCode);
        Assert.All(await Task.WhenAll(running), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(0, gate.InFlight);
    }

    /// <summary>A client that sends bodies as they are written: the default one follows redirects, so it buffers each body whole first.</summary>
    private static HttpClient Streaming(WebApplicationFactory<Program> host) => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task WaitUntil(Func<bool> condition, Func<string> state)
    {
        // A wait for the requests to arrive, not a timing assertion: the bound only keeps a broken gate from hanging the run.
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the held requests never reached the gate: " + state());
    }

    /// <summary>A JSON body that sends its first byte, then waits until <see cref="Release"/> to send the rest.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        /// <summary>Whether the rest of the body went out.</summary>
        public bool Sent { get; private set; }

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            await _release.Task;
            await stream.WriteAsync(_bytes.AsMemory(1));
            Sent = true;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>The scoring routes behind API keys, and every acknowledged prediction in the prediction log.</summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class LoggedAndKeyedScoringTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    [Theory]
    [InlineData("/v1/models/pair-success/predict")]
    [InlineData("/v1/models/pair-success/rank")]
    [InlineData("/v2/models/pair-success/infer")]
    public async Task Scoring_routes_need_a_key(string route)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri(route, UriKind.Relative), Bodies.Predict());

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_stays_open_without_a_key()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unwritable_prediction_log_answers_503_with_retry_after_and_the_request_is_not_acknowledged()
    {
        using var log = new TempDir();
        // A file where the predictions folder belongs makes every write fail, as a full or read-only disk would: no
        // prediction can be made durable, so none is answered.
        string blocker = Path.Combine(log.Path, PredictionLogReader.PredictionsFolder);
        await File.WriteAllTextAsync(blocker, "");
        HttpResponseMessage refused;
        HttpStatusCode afterwards;
        using (var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            refused = await client.PostAsJsonAsync(s_predict, Bodies.Predict());
            File.Delete(blocker);
            afterwards = (await client.PostAsJsonAsync(s_predict, Bodies.Predict())).StatusCode;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Prediction log unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, afterwards);
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, today.AddDays(-1), today.AddDays(1));
        Assert.Single(logged);
        Assert.DoesNotContain(logged, r => r.RequestId == problem.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Every_acknowledged_prediction_is_in_the_log_after_shutdown()
    {
        using var log = new TempDir();
        string requestId;
        JsonElement[] predictions;
        using (var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            HttpResponseMessage r = await client.PostAsJsonAsync(s_predict, Bodies.Predict(Bodies.Pair(), Bodies.Pair(mentor: Bodies.Mentor("mentor-2", timezone: -8))));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            JsonElement body = await r.Content.ReadFromJsonAsync<JsonElement>();
            requestId = body.GetProperty("request_id").GetString()!;
            predictions = [.. body.GetProperty("predictions").EnumerateArray()];
        }

        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, today.AddDays(-1), today.AddDays(1));

        Assert.Equal(2, logged.Count);
        Assert.All(logged, p => Assert.Equal(requestId, p.RequestId));
        Assert.All(logged, p => Assert.Equal(1, p.Version));
        Assert.All(logged, p => Assert.False(string.IsNullOrEmpty(p.KeyId)));
        Assert.Equal(predictions.Select(p => p.GetProperty("probability").GetDouble()).Order(), logged.Select(p => p.Probability).Order(), new ToleranceComparer(1e-6));
        Assert.Contains(logged, p => p.PairId == "mentee-1→mentor-2");
        Assert.Equal(
            predictions.Select(p => (p.GetProperty("mentor_id").GetString()!, (bool?)p.GetProperty("label").GetBoolean())).Order(),
            logged.Select(p => (p.PairId![(p.PairId!.IndexOf('→', StringComparison.Ordinal) + 1)..], p.Label)).Order());
        int width = new MatchModels.Core.Registry.ModelRegistry(models.Registry).Open(TrainedModels.Name, 1).Manifest.Onnx.Width;
        Assert.All(logged, p => Assert.Equal(width, p.Features.Length));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

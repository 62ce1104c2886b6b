using System.Net.Http.Json;
using System.Text.Json;
using MatchModels.Serving.Tests.Scoring;

namespace MatchModels.Serving.Tests.Observability;

[Collection(TrainedModelsGroup.Name)]
public sealed class ObservabilityTests(TrainedModels models)
{
    [Fact]
    public async Task Metrics_count_requests_and_latency_by_route_and_model_version()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict?version=2", UriKind.Relative), Bodies.Predict());

        string metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("matchmodels_http_requests_total{route=\"/v1/models/{name}/predict\",method=\"POST\",status=\"200\",model=\"pair-success\",version=\"2\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE matchmodels_http_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("matchmodels_scoring_duration_seconds_count{operation=\"predict\",model=\"pair-success\",version=\"2\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("matchmodels_batch_size_bucket{operation=\"predict\",le=\"1\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE matchmodels_prediction_log_queue_depth gauge", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route_and_the_docs_page_reads_it()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        JsonElement doc = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        string page = await client.GetStringAsync(new Uri("/docs", UriKind.Relative));

        string[] paths = [.. doc.GetProperty("paths").EnumerateObject().Select(p => p.Name)];
        Assert.Contains("/v1/models/{name}/predict", paths);
        Assert.Contains("/v1/models/{name}/rank", paths);
        Assert.Contains("/v2/models/{name}/versions/{version}/infer", paths);
        Assert.Contains("mentor_record defaults to zeros", doc.GetProperty("paths").GetProperty("/v1/models/{name}/predict").GetProperty("post").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://cdn", page, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Serving.Tests.Scoring;

namespace MatchModels.Serving.Tests.Inference;

[Collection(TrainedModelsGroup.Name)]
public sealed class OpenInferenceTests(TrainedModels models)
{
    [Fact]
    public async Task Health_metadata_and_readiness_follow_the_protocol()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/versions/2/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/v2/models/pair-success/versions/7/ready", UriKind.Relative))).StatusCode);
        JsonElement meta = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2/models/pair-success", UriKind.Relative));
        Assert.Equal("pair-success", meta.GetProperty("name").GetString());
        Assert.Equal(["1", "2"], meta.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        JsonElement input = meta.GetProperty("inputs")[0];
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        int width = new ModelRegistry(models.Registry).Open(TrainedModels.Name, 1).Manifest.Onnx.Width;
        Assert.Equal([-1, width], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task Readiness_fails_without_a_registry_folder()
    {
        using var host = models.Host(Path.Combine(Path.GetTempPath(), "mm-missing-" + Guid.NewGuid().ToString("N")));
        using HttpClient client = host.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Infer_scores_the_tensor_like_onnx_runtime_and_names_the_version()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        using PairScorer scorer = PairScorer.Open(new ModelRegistry(models.Registry).Open(TrainedModels.Name, 2));
        float[] rows = [.. Enumerable.Range(0, 2 * scorer.Width).Select(i => (float)(i % 7) / 3)];
        var body = new JsonObject
        {
            ["id"] = "req-7",
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "features", ["shape"] = new JsonArray(2, scorer.Width), ["datatype"] = "FP32", ["data"] = new JsonArray([.. rows.Select(v => JsonValue.Create(v))]) }),
        };

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v2/models/pair-success/versions/2/infer", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement result = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pair-success", result.GetProperty("model_name").GetString());
        Assert.Equal("2", result.GetProperty("model_version").GetString());
        Assert.Equal("req-7", result.GetProperty("id").GetString());
        JsonElement output = result.GetProperty("outputs")[0];
        Assert.Equal("probability", output.GetProperty("name").GetString());
        Assert.Equal(scorer.Onnx.Score(rows, 2), output.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
    }

    [Fact]
    public async Task Infer_refuses_a_wrong_shape_name_or_datatype_by_path()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(1, 3), ["datatype"] = "INT64", ["data"] = new JsonArray(1, 2, 3) }),
        };

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v2/models/pair-success/infer", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        string[] paths = [.. (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!)];
        Assert.Equal(["$.inputs[0].name", "$.inputs[0].datatype", "$.inputs[0].shape[1]"], paths);
    }
}

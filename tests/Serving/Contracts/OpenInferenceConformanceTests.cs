using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MatchModels.Serving.Tests.Scoring;
using YamlDotNet.Serialization;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>
/// Every Open Inference Protocol response, errors included, against the protocol's own JSON shapes: the component
/// schemas of its published OpenAPI description (open_inference_rest.yaml beside this file, unchanged).
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class OpenInferenceConformanceTests(TrainedModels models)
{
    private static readonly SchemaCheck s_protocol = new(ReadSpecification());

    [Fact]
    public async Task Health_server_metadata_model_metadata_and_readiness_have_the_protocols_shapes()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/versions/2/ready", UriKind.Relative))).StatusCode);

        JsonNode server = await Ok(client, "/v2");
        s_protocol.Fits("metadata_server_response", server);
        Assert.Equal("matchmodels", server["name"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}$", server["version"]!.GetValue<string>());
        Assert.Equal(server.ToJsonString(), (await Ok(client, "/v2/")).ToJsonString());

        foreach (string path in (string[])["/v2/models/pair-success", "/v2/models/pair-success/versions/1"])
        {
            JsonNode metadata = await Ok(client, path);
            s_protocol.Fits("metadata_model_response", metadata);
            Assert.Equal(["probability", "label"], metadata["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
            Assert.Equal("BOOL", metadata["outputs"]![1]!["datatype"]!.GetValue<string>());
            Assert.Equal(["1", "2"], metadata["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        }
    }

    [Theory]
    [InlineData("/v2/models/pair-success/infer", "1")]
    [InlineData("/v2/models/pair-success/versions/2/infer", "2")]
    public async Task Infer_answers_the_protocols_response_with_probability_and_its_label(string path, string version)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        (string input, int width) = await Signature(client);
        JsonObject request = Request(input, width, rows: 2);
        s_protocol.Fits("inference_request", request);

        HttpResponseMessage r = await client.PostAsync(new Uri(path, UriKind.Relative), Json(request));
        JsonNode response = (await r.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        s_protocol.Fits("inference_response", response);
        Assert.Equal(version, response["model_version"]!.GetValue<string>());
        JsonArray outputs = response["outputs"]!.AsArray();
        Assert.Equal(["probability", "label"], outputs.Select(o => o!["name"]!.GetValue<string>()));
        HttpResponseMessage predicted = await client.PostAsync(new Uri($"/v1/models/pair-success/predict?version={version}", UriKind.Relative), Json(Bodies.Predict()));
        double threshold = (await predicted.Content.ReadFromJsonAsync<JsonNode>())!["threshold"]!.GetValue<double>();
        double[] p = [.. outputs[0]!["data"]!.AsArray().Select(d => d!.GetValue<double>())];
        bool[] label = [.. outputs[1]!["data"]!.AsArray().Select(d => d!.GetValue<bool>())];
        Assert.Equal(p.Select(x => x >= threshold), label);
        Assert.Equal([2L], outputs[1]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
    }

    [Fact]
    public async Task The_outputs_filter_returns_only_what_was_asked_and_refuses_an_unknown_output_by_its_path()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        (string input, int width) = await Signature(client);
        JsonObject onlyLabel = Request(input, width, rows: 1);
        onlyLabel["outputs"] = new JsonArray(new JsonObject { ["name"] = "label" });
        JsonObject unknown = Request(input, width, rows: 1);
        unknown["outputs"] = new JsonArray(new JsonObject { ["name"] = "label" }, new JsonObject { ["name"] = "logits" });

        JsonObject notAList = Request(input, width, rows: 1);
        notAList["outputs"] = "label";
        HttpResponseMessage notAListAnswer = await client.PostAsync(new Uri("/v2/models/pair-success/infer", UriKind.Relative), Json(notAList));
        Assert.Equal("$.outputs", (await notAListAnswer.Content.ReadFromJsonAsync<JsonNode>())!["errors"]![0]!["path"]!.GetValue<string>());

        JsonNode labelOnly = (await (await client.PostAsync(new Uri("/v2/models/pair-success/infer", UriKind.Relative), Json(onlyLabel))).Content.ReadFromJsonAsync<JsonNode>())!;
        HttpResponseMessage refused = await client.PostAsync(new Uri("/v2/models/pair-success/infer", UriKind.Relative), Json(unknown));

        Assert.Equal(["label"], labelOnly["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        JsonNode problem = (await refused.Content.ReadFromJsonAsync<JsonNode>())!;
        s_protocol.Fits("inference_error_response", problem);
        Assert.Equal("$.outputs[1].name", Assert.Single(problem["errors"]!.AsArray())!["path"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string?, int, string> Failures => new()
    {
        { "GET", "/v2/models/no-such-model", null, 404, "metadata_model_error_response" },
        { "GET", "/v2/models/pair-success/versions/99", null, 404, "metadata_model_error_response" },
        { "GET", "/v2/models/no-such-model/ready", null, 404, "metadata_model_error_response" },
        { "POST", "/v2/models/pair-success/infer", "{\"inputs\": 3}", 400, "inference_error_response" },
        { "POST", "/v2/models/pair-success/versions/1/infer", "{\"inputs\": [", 400, "inference_error_response" },
        { "POST", "/v2/models/no-such-model/infer", "{\"inputs\": []}", 404, "inference_error_response" },
        { "GET", "/v2", "no key", 401, "metadata_server_error_response" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failures_carry_the_protocols_error_string(string method, string path, string? body, int status, string schema)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body == "no key")
        {
            client.DefaultRequestHeaders.Authorization = null;
        }
        else if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage r = await client.SendAsync(request);
        JsonNode error = (await r.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal(status, (int)r.StatusCode);
        s_protocol.Fits(schema, error);
        Assert.False(string.IsNullOrWhiteSpace(error["error"]!.GetValue<string>()));
    }

    [Fact]
    public void The_protocol_check_can_fail()
    {
        Assert.Equal(["$.model_name"], s_protocol.Faults("inference_response", JsonNode.Parse("""{"outputs": []}""")));
        Assert.Equal(["$.error"], s_protocol.Faults("inference_error_response", JsonNode.Parse("""{"error": 3}""")));
        Assert.NotEmpty(s_protocol.Faults("metadata_server_response", JsonNode.Parse("""{"name": "x", "version": "1"}""")));
    }

    private static async Task<(string Input, int Width)> Signature(HttpClient client)
    {
        JsonNode input = (await Ok(client, "/v2/models/pair-success"))["inputs"]![0]!;
        return (input["name"]!.GetValue<string>(), input["shape"]![1]!.GetValue<int>());
    }

    private static JsonObject Request(string input, int width, int rows) => new()
    {
        ["id"] = "conformance-1",
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = input,
            ["shape"] = new JsonArray(rows, width),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray([.. Enumerable.Range(0, rows * width).Select(i => (JsonNode)(i % 7 * 0.25))]),
        }),
    };

    private static async Task<JsonNode> Ok(HttpClient client, string path)
    {
        HttpResponseMessage r = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
        return (await r.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The protocol's YAML as a JSON tree (every schema keyword it uses is a string, list or map).</summary>
    private static JsonObject ReadSpecification()
    {
        string yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Serving", "Contracts", "open_inference_rest.yaml"));
        return (JsonObject)ToJson(new DeserializerBuilder().Build().Deserialize<object>(yaml))!;
    }

    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create((string)p.Key, ToJson(p.Value)))),
        IList<object> list => new JsonArray([.. list.Select(ToJson)]),
        string s => JsonValue.Create(s),
        null => null,
        _ => JsonValue.Create(yaml.ToString()),
    };
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MatchModels.Serving.Tests.Scoring;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>
/// The document's request schemas and the server's body readers agree: every example body is accepted and answered
/// with the documented response schema, and a body that breaks the schema is refused at the JSON path the schema names.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ContractBodyTests(TrainedModels models)
{
    public static TheoryData<string> Routes => ["predictPairs", "rankMentors", "reportOutcomes", "infer", "inferVersion"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_documents_example_body_is_accepted_and_answered_as_documented(string operationId)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);
        (_, string method, string path, JsonObject op) = LiveDocument.Operation(doc, operationId);
        JsonNode example = Assert.IsAssignableFrom<JsonNode>(LiveDocument.Example(op));
        var schemas = new SchemaCheck(doc);
        schemas.Fits(BodySchema(op), example);

        if (operationId == "reportOutcomes")
        {
            // The outcome example is of the pair the predict example scores: that prediction is logged first.
            (_, string predictMethod, string predictPath, JsonObject predict) = LiveDocument.Operation(doc, "predictPairs");
            using HttpRequestMessage first = LiveDocument.Request(predictMethod, predictPath, LiveDocument.Example(predict));
            (await client.SendAsync(first)).EnsureSuccessStatusCode();
        }

        using HttpRequestMessage request = LiveDocument.Request(method, path, example);
        HttpResponseMessage r = await client.SendAsync(request);

        Assert.True(r.IsSuccessStatusCode, $"{operationId}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        string status = ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        schemas.Fits(ResponseSchema(op, status), await r.Content.ReadFromJsonAsync<JsonNode>());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_body_that_breaks_the_schema_is_refused_at_the_path_the_schema_names(string operationId)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);
        (_, string method, string path, JsonObject op) = LiveDocument.Operation(doc, operationId);
        JsonNode body = LiveDocument.Example(op)!.DeepClone();
        Break(operationId, body);
        IReadOnlyList<string> schemaFaults = new SchemaCheck(doc).Faults(BodySchema(op), body);

        using HttpRequestMessage request = LiveDocument.Request(method, path, body);
        HttpResponseMessage r = await client.SendAsync(request);

        Assert.Equal(400, (int)r.StatusCode);
        string[] serverFaults = [.. (await r.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal)];
        Assert.NotEmpty(schemaFaults);
        Assert.Equal(schemaFaults, serverFaults);
    }

    [Fact]
    public async Task The_read_only_routes_answer_what_the_document_says()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);
        var schemas = new SchemaCheck(doc);

        foreach (string id in (string[])["serverMetadata", "serverLive", "serverReady", "modelMetadata", "modelVersionMetadata", "modelReady", "modelVersionReady"])
        {
            (_, string method, string path, JsonObject op) = LiveDocument.Operation(doc, id);
            using HttpRequestMessage request = LiveDocument.Request(method, path, null);
            HttpResponseMessage r = await client.SendAsync(request);
            Assert.True(r.IsSuccessStatusCode, $"{id}: {(int)r.StatusCode}");
            schemas.Fits(ResponseSchema(op, "200"), await r.Content.ReadFromJsonAsync<JsonNode>());
        }
    }

    /// <summary>One schema violation per route, each of a different kind: a missing field, a wrong type, a closed object, an enum, an array length.</summary>
    private static void Break(string operationId, JsonNode body)
    {
        switch (operationId)
        {
            case "predictPairs":
                body["pairs"]![0]!["mentee"]!.AsObject().Remove("site");
                body["pairs"]![0]!["mentor"]!["job_level"] = "six";
                break;
            case "rankMentors":
                body["mentors"]![1]!["timezone_offset_h"] = 30;
                body["top"] = 0;
                break;
            case "reportOutcomes":
                body["outcomes"]![0]!["success"] = "yes";
                body["outcomes"]![0]!["note"] = "unknown field";
                break;
            case "infer":
                body["inputs"]![0]!["datatype"] = "INT64";
                break;
            default:
                body["inputs"]![0]!["shape"] = new JsonArray(1, 1, 1);
                break;
        }
    }

    private static string BodySchema(JsonObject op) => Ref(op["requestBody"]!["content"]!["application/json"]!["schema"]!);

    private static string ResponseSchema(JsonObject op, string status) => Ref(op["responses"]![status]!["content"]!["application/json"]!["schema"]!);

    private static string Ref(JsonNode schema) => schema["$ref"]!.GetValue<string>().Split('/')[^1];
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>The document the real host serves, and how to call the operations it lists.</summary>
internal static class LiveDocument
{
    public static async Task<JsonObject> FetchAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (JsonObject)(await client.GetFromJsonAsync<JsonNode>(new Uri("/openapi/v1.json", UriKind.Relative)))!;
    }

    /// <summary>Every operation: its id, method, path template and object.</summary>
    public static IEnumerable<(string Id, string Method, string Path, JsonObject Operation)> Operations(JsonObject doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach ((string path, JsonNode? item) in doc["paths"]!.AsObject())
        {
            foreach ((string method, JsonNode? op) in item!.AsObject())
            {
                yield return (op!["operationId"]!.GetValue<string>(), method.ToUpperInvariant(), path, op.AsObject());
            }
        }
    }

    public static (string Id, string Method, string Path, JsonObject Operation) Operation(JsonObject doc, string id) =>
        Operations(doc).Single(o => o.Id == id);

    /// <summary>The path with the fixture's model and version 1 in it.</summary>
    public static Uri Url(string template, string query = "") =>
        new(template.Replace("{name}", TrainedModels.Name, StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal) + query, UriKind.Relative);

    public static JsonNode? Example(JsonObject operation) => operation["requestBody"]?["content"]?["application/json"]?["example"];

    public static HttpRequestMessage Request(string method, string template, JsonNode? body, string query = "")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Url(template, query));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MatchModels.Core.ApiKeys;
using MatchModels.Serving.Tests.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>The OpenAPI document against the real host: the same routes, the security it claims, the errors it lists.</summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ApiDocumentTests(TrainedModels models)
{
    [Fact]
    public async Task Every_route_is_in_the_document_under_its_name_and_the_document_lists_no_other()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);

        string[] routes = [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {Template(e.RoutePattern.RawText!)}")
            .Order(StringComparer.Ordinal)];
        string[] documented = [.. LiveDocument.Operations(doc).Select(o => $"{o.Id} {o.Method} {o.Path}").Order(StringComparer.Ordinal)];

        Assert.Equal(documented, routes);
        Assert.Equal(documented.Length, documented.Select(d => d.Split(' ')[0]).Distinct().Count());
    }

    [Fact]
    public async Task The_servers_entry_is_the_configured_url_without_a_trailing_slash_whatever_host_is_asked()
    {
        using var host = models.Host(null, ("Serving:PublicUrl", "https://scoring.example.org/matchmodels/"));
        using HttpClient client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/openapi/v1.json", UriKind.Relative));
        request.Headers.Host = "attacker.test";

        HttpResponseMessage r = await client.SendAsync(request);
        JsonNode doc = (await r.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal("https://scoring.example.org/matchmodels", Assert.Single(doc["servers"]!.AsArray())!["url"]!.GetValue<string>());
        Assert.Equal("3.1.0", doc["openapi"]!.GetValue<string>());
        Assert.Equal("MIT", doc["info"]!["license"]!["identifier"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://scoring.example.org")]
    [InlineData("https://scoring.example.org/?x=1")]
    public async Task A_public_url_that_cannot_be_a_server_entry_stops_the_host_at_start(string url)
    {
        using var dir = new TempDir();
        await using Microsoft.AspNetCore.Builder.WebApplication app = ServingHost.Build([
            "--urls", "http://127.0.0.1:0", "--Serving:Registry", models.Registry, "--Serving:KeysFile", models.KeysFile,
            "--Serving:PredictionLog:Folder", dir["log"], "--Serving:PublicUrl", url]);

        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Serving:PublicUrl must be an absolute http or https URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_post_route_refuses_a_body_that_is_not_sent_as_json_with_415()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);

        foreach ((string id, string method, string path, JsonObject op) in LiveDocument.Operations(doc).Where(o => o.Method == "POST"))
        {
            foreach (string? mediaType in (string?[])["text/plain", "application/x-www-form-urlencoded", null])
            {
                using HttpRequestMessage request = LiveDocument.Request(method, path, LiveDocument.Example(op));
                request.Content!.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);

                HttpResponseMessage r = await client.SendAsync(request);

                Assert.True(r.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{id} with {mediaType ?? "no Content-Type"}: {(int)r.StatusCode}");
                JsonNode problem = (await r.Content.ReadFromJsonAsync<JsonNode>())!;
                Assert.Equal("header.Content-Type", problem["errors"]![0]!["path"]!.GetValue<string>());
                Assert.Contains("415", op["responses"]!.AsObject().Select(p => p.Key));
            }
        }
    }

    [Fact]
    public async Task Routes_the_document_marks_anonymous_answer_without_a_key_and_every_other_route_refuses_one_with_401()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);
        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(Assert.Single(doc["security"]!.AsArray())!["bearer"]);
        using HttpClient anonymous = host.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        var checker = new SchemaCheck(doc);

        var anonymousIds = new List<string>();
        foreach ((string id, string method, string path, JsonObject op) in LiveDocument.Operations(doc))
        {
            using HttpRequestMessage request = LiveDocument.Request(method, path, LiveDocument.Example(op));
            HttpResponseMessage r = await anonymous.SendAsync(request);
            if (op["security"] is JsonArray { Count: 0 })
            {
                anonymousIds.Add(id);
                Assert.True(r.IsSuccessStatusCode, $"{id} answered {r.StatusCode} without a key");
            }
            else
            {
                Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, $"{id} answered {r.StatusCode} without a key");
                Assert.Contains("401", op["responses"]!.AsObject().Select(p => p.Key));
                checker.Fits("Problem", await r.Content.ReadFromJsonAsync<JsonNode>());
            }
        }

        Assert.Equal(["apiDocs", "metrics", "openApiDocument", "serverLive", "serverReady"], anonymousIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_operation_lists_the_errors_its_kind_of_route_can_answer()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject doc = await LiveDocument.FetchAsync(client);

        foreach ((string id, string method, string path, JsonObject op) in LiveDocument.Operations(doc))
        {
            string[] statuses = [.. op["responses"]!.AsObject().Select(p => p.Key)];
            string[] expected = [
                .. op["security"] is JsonArray { Count: 0 } ? [] : (string[])["401", "403", "429"],
                .. method == "POST" ? (string[])["400", "413", "415", "503"] : [],
                .. path.Contains("{name}", StringComparison.Ordinal) ? (string[])["400", "404", "503"] : [],
            ];
            Assert.True(expected.All(statuses.Contains), $"{id} lists {string.Join(", ", statuses)}; expected at least {string.Join(", ", expected.Distinct())}");
            Assert.False(string.IsNullOrWhiteSpace(op["summary"]?.GetValue<string>()), $"{id} has no summary");
            Assert.True(statuses.Any(s => s.StartsWith('2')), $"{id} has no success response");
        }

        Assert.Contains("202", LiveDocument.Operation(doc, "reportOutcomes").Operation["responses"]!.AsObject().Select(p => p.Key));
    }

    public static TheoryData<string, int> ErrorCases => new()
    {
        { "bad field", 400 }, { "no key", 401 }, { "unknown key", 401 }, { "no scope", 403 }, { "unknown model", 404 }, { "unknown route", 404 },
        { "wrong method", 405 }, { "too large", 413 }, { "not json", 415 }, { "rate limited", 429 }, { "bad model name", 400 }, { "bad alias", 400 },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Every_error_is_the_one_problem_shape_with_the_request_id(string kind, int status)
    {
        // Made before the host starts, which reads the keys file once at start.
        string adminKey = ManageApiKeys.Create(models.KeysFile, $"admin-only-{Guid.NewGuid():N}", [ApiKeyScopes.Admin], DateTime.UtcNow).Key;
        using var host = models.Host(null, kind switch
        {
            "too large" => [("Serving:MaxBodyBytes", "100")],
            "rate limited" => [("Serving:RateLimit:PermitLimit", "1"), ("Serving:RateLimit:WindowSeconds", "3600")],
            _ => [],
        });
        using HttpClient client = host.CreateClient();
        System.Net.Http.Headers.AuthenticationHeaderValue key = client.DefaultRequestHeaders.Authorization!;
        client.DefaultRequestHeaders.Authorization = null;
        JsonObject doc = await LiveDocument.FetchAsync(client);
        string predict = "/v1/models/pair-success/predict";
        string body = Bodies.Predict().ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(kind switch
        {
            "unknown model" => "/v1/models/no-such-model/predict",
            "bad model name" => "/v1/models/Pair_Success!/predict",
            "bad alias" => predict + "?alias=Champion!",
            "unknown route" => "/v1/nothing-here",
            _ => predict,
        }, UriKind.Relative))
        {
            Content = new StringContent(kind == "bad field" ? "{\"pairs\": 3}" : body, Encoding.UTF8, kind == "not json" ? "text/plain" : "application/json"),
        };
        if (kind == "wrong method")
        {
            request.Method = HttpMethod.Get;
            request.Content = null;
        }

        request.Headers.Authorization = kind switch
        {
            "no key" => null,
            "unknown key" => new("Bearer", "mm_not-a-key"),
            "no scope" => new("Bearer", adminKey),
            _ => key,
        };
        if (kind == "rate limited")
        {
            using var first = new HttpRequestMessage(HttpMethod.Post, new Uri(predict, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            first.Headers.Authorization = key;
            (await client.SendAsync(first)).EnsureSuccessStatusCode();
        }

        HttpResponseMessage r = await client.SendAsync(request);

        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        JsonNode problem = (await r.Content.ReadFromJsonAsync<JsonNode>())!;
        new SchemaCheck(doc).Fits("Problem", problem);
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Equal(Assert.Single(r.Headers.GetValues("X-Request-Id")), problem["request_id"]!.GetValue<string>());
        Assert.Equal(problem["detail"]!.GetValue<string>(), problem["error"]!.GetValue<string>());
        string? field = problem["errors"]!.AsArray().FirstOrDefault()?["path"]?.GetValue<string>();
        Assert.Equal(kind switch
        {
            "bad field" => "$.pairs",
            "bad model name" => "path.name",
            "bad alias" => "query.alias",
            "no key" or "unknown key" or "no scope" => "header.Authorization",
            "too large" => "$",
            "not json" => "header.Content-Type",
            _ => null,
        }, field);
        if (kind is "no key" or "unknown key")
        {
            Assert.StartsWith("Bearer", r.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        if (kind == "rate limited")
        {
            Assert.NotNull(r.Headers.RetryAfter);
        }

        if (kind == "wrong method")
        {
            Assert.Contains("POST", r.Content.Headers.Allow);
        }
    }

    private static string Template(string raw)
    {
        string t = System.Text.RegularExpressions.Regex.Replace(raw, @"\{(\w+):\w+\}", "{$1}");
        return t.Length > 1 ? t.TrimEnd('/') : t;
    }
}

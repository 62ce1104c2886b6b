using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatchModels.Serving.Tests.Scoring;

[Collection(TrainedModelsGroup.Name)]
public sealed class ErrorTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "missing", "$.pairs[0].mentor.site", "required field is missing" },
        { "wrong type", "$.pairs[0].mentee.job_level", "expected a whole number" },
        { "nan", "$.pairs[0].mentee.tenure_years", "NaN and infinity are not accepted" },
        { "infinity", "$.pairs[0].mentor.availability_h_per_month", "not a finite number" },
        { "enum", "$.pairs[0].mentee.gender", "unknown value 'robot'" },
        { "range", "$.pairs[0].mentor.timezone_offset_h", "must be between -12 and 14" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_problem_naming_its_json_path(string kind, string path, string message)
    {
        JsonObject pair = Bodies.Pair();
        string json = kind switch
        {
            "missing" => Without(pair, "mentor", "site"),
            "wrong type" => With(pair, "mentee", "job_level", JsonValue.Create("three")),
            "nan" => With(pair, "mentee", "tenure_years", JsonValue.Create("NaN")),
            "enum" => With(pair, "mentee", "gender", JsonValue.Create("robot")),
            "range" => With(pair, "mentor", "timezone_offset_h", JsonValue.Create(30)),
            _ => Bodies.Predict(pair).ToJsonString().Replace("\"availability_h_per_month\":6", "\"availability_h_per_month\":1e999", StringComparison.Ordinal),
        };

        (HttpStatusCode status, JsonElement problem) = await Post(s_predict, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        JsonElement error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_or_version_is_404_with_the_registry_message()
    {
        (HttpStatusCode model, JsonElement p1) = await Post(new Uri("/v1/models/no-such-model/predict", UriKind.Relative), Bodies.Predict().ToJsonString());
        (HttpStatusCode version, JsonElement p2) = await Post(new Uri("/v1/models/pair-success/predict?version=99", UriKind.Relative), Bodies.Predict().ToJsonString());
        (HttpStatusCode alias, JsonElement p3) = await Post(new Uri("/v1/models/pair-success/predict?alias=staging", UriKind.Relative), Bodies.Predict().ToJsonString());

        Assert.Equal(HttpStatusCode.NotFound, model);
        Assert.Contains("model 'no-such-model' has no registered version", p1.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, version);
        Assert.Contains("has no version 99 (versions: 1, 2)", p2.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, alias);
        Assert.Contains("has no alias 'staging'", p3.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_batch_is_refused_naming_the_limit()
    {
        using var host = models.Host(null, ("Serving:MaxBatch", "2"));
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsync(s_predict, Json(Bodies.Predict(Bodies.Pair(), Bodies.Pair(), Bodies.Pair()).ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement error = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("$.pairs", error.GetProperty("path").GetString());
        Assert.Contains("maximum batch of 2", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_and_bad_query_values_are_problems_without_a_stack_trace()
    {
        (HttpStatusCode s1, JsonElement p1) = await Post(s_predict, "{\"pairs\": [");
        (HttpStatusCode s2, JsonElement p2) = await Post(new Uri("/v1/models/pair-success/predict?version=abc", UriKind.Relative), Bodies.Predict().ToJsonString());
        (HttpStatusCode s3, JsonElement p3) = await Post(new Uri("/v1/models/pair-success/predict?explain=maybe", UriKind.Relative), Bodies.Predict().ToJsonString());
        (HttpStatusCode s4, _) = await Post(new Uri("/v1/models/Bad!Name/predict", UriKind.Relative), Bodies.Predict().ToJsonString());

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], [s1, s2, s3, s4]);
        Assert.Contains("not valid JSON", p1.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("query.version", p2.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Contains("explain", p3.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (JsonElement p in (JsonElement[])[p1, p2, p3])
        {
            Assert.DoesNotContain(" at MatchModels", p.GetRawText(), StringComparison.Ordinal);
        }
    }

    private async Task<(HttpStatusCode, JsonElement)> Post(Uri uri, string json)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        HttpResponseMessage r = await client.PostAsync(uri, Json(json));
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Without(JsonObject pair, string who, string field)
    {
        ((JsonObject)pair[who]!).Remove(field);
        return Bodies.Predict(pair).ToJsonString();
    }

    private static string With(JsonObject pair, string who, string field, JsonNode? value)
    {
        pair[who]![field] = value;
        return Bodies.Predict(pair).ToJsonString();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>
/// Bytes that are not UTF-8 inside a JSON string pass the parser and used to fail as a 500 when a route read the
/// string. Each body route is sent raw bytes with a bad string in one field, and must answer 400 naming that field,
/// with nothing written to the prediction log or the outcomes.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class CheckTextIsUnicodeTests(TrainedModels models)
{
    private const string Marker = "@@bad@@";

    /// <summary>The bytes put in place of the marker, by name.</summary>
    public static TheoryData<string> Variants => ["invalid two-byte sequence", "overlong slash", "lone continuation byte", "encoded surrogate", "escaped lone surrogate", "escaped low surrogate first"];

    private static byte[] Bad(string variant) => variant switch
    {
        "invalid two-byte sequence" => [0xC3, 0x28],
        "overlong slash" => [0xC0, 0xAF],
        "lone continuation byte" => [(byte)'a', 0x80, (byte)'b'],
        "encoded surrogate" => [0xED, 0xA0, 0x80],
        "escaped lone surrogate" => "\\ud800"u8.ToArray(),
        "escaped low surrogate first" => "\\udc00\\ud800"u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Every_body_route_answers_400_naming_the_field_and_logs_nothing(string variant)
    {
        using var log = new TempDir();
        int width = new ModelRegistry(models.Registry).Open(TrainedModels.Name, 1).Manifest.Onnx.Width;
        JsonObject pair = Bodies.Pair();
        ((JsonObject)pair["mentee"]!)["site"] = Marker;
        JsonObject mentor = Bodies.Mentor();
        mentor["goals_text"] = "coach " + Marker;
        var rank = new JsonObject { ["mentee"] = Bodies.Mentee(), ["mentors"] = new JsonArray(Bodies.Mentor("m-0"), mentor), ["as_of"] = "2025-03-01T00:00:00Z" };
        var infer = new JsonObject
        {
            ["id"] = Marker,
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "features", ["shape"] = new JsonArray(1, width), ["datatype"] = "FP32", ["data"] = new JsonArray([.. Enumerable.Repeat(0.5, width).Select(v => JsonValue.Create(v))]) }),
        };
        var outcomes = new JsonObject { ["outcomes"] = new JsonArray(new JsonObject { ["pair_id"] = Marker, ["success"] = true, ["observed_at"] = "2025-03-01T09:30:00Z" }) };
        (string Route, JsonObject Body, string Path)[] cases =
        [
            ("/v1/models/pair-success/predict", Bodies.Predict(pair), "$.pairs[0].mentee.site"),
            ("/v1/models/pair-success/rank", rank, "$.mentors[1].goals_text"),
            ("/v2/models/pair-success/infer", infer, "$.id"),
            ("/v1/outcomes", outcomes, "$.outcomes[0].pair_id"),
        ];

        using (var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            foreach ((string route, JsonObject body, string path) in cases)
            {
                HttpResponseMessage r = await client.PostAsync(new Uri(route, UriKind.Relative), Raw(body, Bad(variant)));

                string text = await r.Content.ReadAsStringAsync();
                Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)r.StatusCode} {text}");
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                JsonElement error = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray());
                Assert.Equal(path, error.GetProperty("path").GetString());
                Assert.Contains("not valid text", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            // The same bodies with the marker left in are scored, so the 400s above come from the bytes alone.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(new Uri(cases[0].Route, UriKind.Relative), cases[0].Body)).StatusCode);
        }

        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Single(logged);
        Assert.Empty(await PredictionLogReader.ReadOutcomesAsync(log.Path, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public async Task A_field_name_that_is_not_text_is_named_by_its_object()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject pair = Bodies.Pair();
        ((JsonObject)pair["mentor"]!)[Marker] = "x";

        HttpResponseMessage r = await client.PostAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Raw(Bodies.Predict(pair), Bad("invalid two-byte sequence")));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement error = Assert.Single((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("$.pairs[0].mentor", error.GetProperty("path").GetString());
        Assert.Contains("field name that is not valid text", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The body's UTF-8 with the marker's bytes replaced by <paramref name="bad"/>.</summary>
    private static ByteArrayContent Raw(JsonObject body, byte[] bad)
    {
        byte[] json = Encoding.UTF8.GetBytes(body.ToJsonString());
        byte[] marker = Encoding.UTF8.GetBytes(Marker);
        int at = json.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, "the body has no marker");
        byte[] bytes = [.. json.AsSpan(0, at), .. bad, .. json.AsSpan(at + marker.Length)];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Theory]
    [InlineData("{\"a\": \"caf\u00c3\u00a9 ok\"}", true)]
    [InlineData("{\"a\": \"caf\\u00e9\"}", true)]
    [InlineData("{\"a\": \"\\ud83d\\ude00\"}", false)]
    [InlineData("{\"a\": \"\\uDC00\"}", false)]
    [InlineData("{\"a\": \"\\\\ud800 is six characters\"}", false)]
    public void The_fast_path_skips_the_walk_only_when_no_string_can_be_bad(string json, bool plain)
    {
        // Latin-1 chars stand for raw bytes here: "\u00c3\u00a9" is the UTF-8 of é.
        byte[] raw = Encoding.Latin1.GetBytes(json);

        Assert.Equal(plain, Serving.Scoring.CheckTextIsUnicode.IsPlainText(raw));
    }

    [Theory]
    [InlineData("{\"a\": \"\\ud83d\\ude00\"}")]
    [InlineData("{\"a\": \"\\\\ud800\"}")]
    public void What_the_fast_path_leaves_to_the_walk_is_still_accepted_when_it_is_text(string json)
    {
        using var doc = JsonDocument.Parse(json);

        Serving.Scoring.CheckTextIsUnicode.Require(doc.RootElement);
    }

    [Fact]
    public void Bad_bytes_are_still_named_by_the_walk_after_the_fast_path_refuses()
    {
        byte[] raw = [.. "{\"ok\": \"x\", \"bad\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        using var doc = JsonDocument.Parse(raw);

        var e = Assert.Throws<Serving.Scoring.RequestValidationException>(() => Serving.Scoring.CheckTextIsUnicode.Require(doc.RootElement));
        Assert.Equal("$.bad", Assert.Single(e.Errors).Path);
    }
}

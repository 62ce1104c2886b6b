using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.Scoring;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>
/// Predict and rank hold as_of to the rule <c>predict --pairs</c> applies (Core/Scoring/CheckCutOff.cs): not before
/// either participant joined, not more than a year and a day after the server's clock; each refusal names the path.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class CutOffTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);
    private static readonly Uri s_rank = new("/v1/models/pair-success/rank", UriKind.Relative);

    public static TheoryData<string, string, string> BadCutOffs => new()
    {
        // The mentee joined 2024-01-15 and the mentor 2022-06-01 (Bodies).
        { "2024-01-14T23:59:59Z", "$.pairs[0].as_of", "must be at or after mentee \"mentee-1\" joined_at 2024-01-15T00:00:00Z, found 2024-01-14T23:59:59Z" },
        { "2022-05-31T00:00:00Z", "$.pairs[0].as_of", "must be at or after mentor \"mentor-1\" joined_at 2022-06-01T00:00:00Z" },
        { "2999-01-01T00:00:00Z", "$.pairs[0].as_of", "must be at most 366 days after the time of the run" },
    };

    [Theory]
    [MemberData(nameof(BadCutOffs))]
    public async Task Predict_refuses_an_as_of_the_cut_off_rule_refuses(string asOf, string path, string message)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject pair = Bodies.Pair();
        pair["as_of"] = asOf;

        HttpResponseMessage r = await client.PostAsJsonAsync(s_predict, Bodies.Predict(pair));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement[] errors = [.. (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()];
        Assert.Contains(errors, e => e.GetProperty("path").GetString() == path && e.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Predict_scores_an_as_of_within_a_year_of_now()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject pair = Bodies.Pair();
        pair["as_of"] = DateTime.UtcNow.AddDays(300).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(s_predict, Bodies.Predict(pair))).StatusCode);
    }

    [Fact]
    public async Task Rank_names_the_mentor_who_had_not_joined_and_an_as_of_too_far_ahead()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject late = Bodies.Mentor("late");
        late["joined_at"] = "2025-06-01T00:00:00Z";
        var body = new JsonObject { ["mentee"] = Bodies.Mentee(), ["mentors"] = new JsonArray(Bodies.Mentor("a"), late), ["as_of"] = "2025-03-01T00:00:00Z" };

        HttpResponseMessage r = await client.PostAsJsonAsync(s_rank, body);
        body["as_of"] = CheckCutOff.Text(DateTime.UtcNow.AddDays(400));
        body["mentors"] = new JsonArray(Bodies.Mentor("a"));
        HttpResponseMessage ahead = await client.PostAsJsonAsync(s_rank, body);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement error = Assert.Single((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("$.mentors[1].joined_at", error.GetProperty("path").GetString());
        Assert.Equal("as_of 2025-03-01T00:00:00Z must be at or after mentor \"late\" joined_at 2025-06-01T00:00:00Z", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, ahead.StatusCode);
        error = Assert.Single((await ahead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("$.as_of", error.GetProperty("path").GetString());
        Assert.StartsWith("must be at most 366 days after the time of the run", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatchModels.Serving.Tests.Scoring;

[Collection(TrainedModelsGroup.Name)]
public sealed class RankTests(TrainedModels models)
{
    [Fact]
    public async Task Rank_applies_each_hard_filter_counts_what_it_removed_and_returns_the_best_first()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject full = Bodies.Mentor("full", capacity: 1);
        full["mentor_record"] = new JsonObject { ["active_pairs"] = 1 };
        JsonObject[] mentors =
        [
            Bodies.Mentor("ok-1"),
            Bodies.Mentor("german", language: "de"),
            Bodies.Mentor("boss-1"),
            Bodies.Mentor("same-manager", manager: "boss-1"),
            Bodies.Mentor("far", timezone: -9),
            full,
            Bodies.Mentor("ok-2", timezone: 3),
        ];
        var body = new JsonObject
        {
            ["mentee"] = Bodies.Mentee(),
            ["mentors"] = new JsonArray([.. mentors]),
            ["as_of"] = "2025-03-01T00:00:00Z",
            ["top"] = 5,
            ["filters"] = new JsonObject { ["max_timezone_gap_h"] = 4 },
        };

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/rank", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement result = await r.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement removed = result.GetProperty("removed");
        Assert.Equal(1, removed.GetProperty("shared_language").GetInt32());
        Assert.Equal(2, removed.GetProperty("same_reporting_line").GetInt32());
        Assert.Equal(1, removed.GetProperty("timezone_gap").GetInt32());
        Assert.Equal(1, removed.GetProperty("free_capacity").GetInt32());
        Assert.Equal(7, result.GetProperty("candidates").GetInt32());
        Assert.Equal(2, result.GetProperty("eligible").GetInt32());
        JsonElement[] top = [.. result.GetProperty("top").EnumerateArray()];
        Assert.Equal(["ok-1", "ok-2"], top.Select(t => t.GetProperty("mentor_id").GetString()).Order());
        Assert.True(top[0].GetProperty("probability").GetSingle() >= top[1].GetProperty("probability").GetSingle());
        Assert.Equal(1, top[0].GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task Rank_names_a_bad_candidate_by_its_index()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        JsonObject bad = Bodies.Mentor("bad");
        bad.Remove("mentor_capacity");
        var body = new JsonObject { ["mentee"] = Bodies.Mentee(), ["mentors"] = new JsonArray(Bodies.Mentor(), bad), ["as_of"] = "2025-03-01T00:00:00Z" };

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/rank", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("$.mentors[1].mentor_capacity", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }
}

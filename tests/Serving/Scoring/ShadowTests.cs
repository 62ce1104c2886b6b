using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.Observability;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>Shadow mode through the real host: champion v1 answers, challenger v2 scores the same pairs into the prediction log.</summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ShadowTests(TrainedModels models)
{
    /// <summary>The shadow metrics' labels in this fixture: champion v1, challenger v2.</summary>
    private const string Labels = "model=\"pair-success\",version=\"1\",shadow_version=\"2\"";

    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);
    private static readonly Uri s_challenger = new("/v1/models/pair-success/predict?alias=challenger", UriKind.Relative);

    [Fact]
    public async Task Shadow_rows_land_in_the_log_beside_the_primary_rows_with_the_challengers_version_features_and_probabilities()
    {
        using var log = new TempDir();
        JsonObject[] bodies =
        [
            Bodies.Predict(),
            Bodies.Predict(Bodies.Pair(), Bodies.Pair(mentor: Bodies.Mentor("mentor-2", timezone: -8))),
            Bodies.Predict(Bodies.Pair(Bodies.Mentee("mentee-2")), Bodies.Pair(mentor: Bodies.Mentor("mentor-3", language: "en")), Bodies.Pair(mentor: Bodies.Mentor("mentor-4", capacity: 5))),
        ];
        var champion = new List<Answer>();
        var challenger = new List<Answer>();
        MetricsRegistry metrics;
        // Sequential requests must all be shadowed, whatever the machine's speed; the default of 2 at once would skip some.
        using (WebApplicationFactory<Program> host = models.Host(null, ("Serving:Shadow:Enabled", "true"), ("Serving:Shadow:MaxConcurrent", "100"),
            ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            metrics = host.Services.GetRequiredService<MetricsRegistry>();
            foreach (JsonObject body in bodies)
            {
                champion.Add(await Predict(client, s_predict, body));
                challenger.Add(await Predict(client, s_challenger, body));
            }
        }

        // The host is disposed: every shadow scoring has finished and the log has written everything queued.
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, today.AddDays(-1), today.AddDays(1));
        Assert.All(champion, a => Assert.Equal(1, a.Version));
        Assert.All(challenger, a => Assert.Equal(2, a.Version));
        Assert.DoesNotContain(logged, r => r.Role == PredictionRecord.ShadowRole && challenger.Any(a => a.RequestId == r.RequestId));
        for (int i = 0; i < bodies.Length; i++)
        {
            var primary = logged.Where(r => r.RequestId == champion[i].RequestId && r.Role == PredictionRecord.PrimaryRole).ToList();
            var shadow = logged.Where(r => r.RequestId == champion[i].RequestId && r.Role == PredictionRecord.ShadowRole).ToList();
            var direct = logged.Where(r => r.RequestId == challenger[i].RequestId).ToDictionary(r => r.PairId!);

            Assert.Equal(champion[i].PairIds, primary.Select(r => r.PairId));
            Assert.Equal(champion[i].PairIds, shadow.Select(r => r.PairId));
            Assert.All(primary, r => Assert.Equal(1, r.Version));
            Assert.All(shadow, r => Assert.Equal(2, r.Version));
            for (int k = 0; k < shadow.Count; k++)
            {
                Assert.Equal(challenger[i].Probabilities[k], (float)shadow[k].Probability);
                Assert.Equal(champion[i].Probabilities[k], (float)primary[k].Probability);
                Assert.Equal(direct[shadow[k].PairId!].Features, shadow[k].Features);
                Assert.Equal(primary[k].TimeUtc, shadow[k].TimeUtc);
                Assert.Equal(primary[k].KeyId, shadow[k].KeyId);
                Assert.False(string.IsNullOrEmpty(shadow[k].KeyId));
            }
        }

        string text = metrics.Render();
        Assert.Contains($"matchmodels_shadow_pairs_total{{{Labels}}} 6\n", text, StringComparison.Ordinal);
        Assert.Contains($"matchmodels_shadow_probability_difference_count{{{Labels}}} 6\n", text, StringComparison.Ordinal);
        double sum = champion.Zip(challenger).Sum(a => a.First.Probabilities.Zip(a.Second.Probabilities).Sum(p => Math.Abs((double)p.Second - p.First)));
        string line = text.Split('\n').Single(l => l.StartsWith($"matchmodels_shadow_probability_difference_sum{{{Labels}}} ", StringComparison.Ordinal));
        Assert.Equal(sum, double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 1e-9);
        Assert.DoesNotContain("matchmodels_shadow_dropped_total{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shadow_rows_that_find_no_room_in_the_log_queue_are_dropped_and_counted_and_every_request_succeeds()
    {
        using var log = new TempDir();
        var answers = new List<Answer>();
        MetricsRegistry metrics;
        // A queue of 3 records keeps shadow rows within 1 (Serving:Shadow:LogQueueShare 0.5, rounded down): no shadow
        // scoring of these two-pair requests ever fits, while the two primary rows always do.
        using (WebApplicationFactory<Program> host = models.Host(null, ("Serving:Shadow:Enabled", "true"), ("Serving:Shadow:MaxConcurrent", "100"),
            ("Serving:PredictionLog:Folder", log.Path), ("Serving:PredictionLog:Capacity", "3")))
        {
            using HttpClient client = host.CreateClient();
            metrics = host.Services.GetRequiredService<MetricsRegistry>();
            for (int i = 0; i < 2; i++)
            {
                answers.Add(await Predict(client, s_predict, Bodies.Predict(Bodies.Pair(), Bodies.Pair(mentor: Bodies.Mentor("mentor-2", timezone: -8)))));
            }
        }

        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, today.AddDays(-1), today.AddDays(1));
        Assert.Equal(answers.SelectMany(a => a.PairIds.Select(p => (a.RequestId, p))).Order(), logged.Select(r => (r.RequestId, r.PairId!)).Order());
        Assert.All(logged, r => Assert.Equal(PredictionRecord.PrimaryRole, r.Role));
        string text = metrics.Render();
        Assert.Contains($"matchmodels_shadow_dropped_total{{{Labels}}} 4\n", text, StringComparison.Ordinal);
        Assert.Contains($"matchmodels_shadow_pairs_total{{{Labels}}} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_left_unshadowed_because_too_many_shadow_scorings_run_are_counted_and_still_answered()
    {
        using var log = new TempDir();
        MetricsRegistry metrics;
        // No shadow scoring may run at once, so every request finds the shadow "busy".
        using (WebApplicationFactory<Program> host = models.Host(null, ("Serving:Shadow:Enabled", "true"), ("Serving:Shadow:MaxConcurrent", "0"),
            ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            metrics = host.Services.GetRequiredService<MetricsRegistry>();
            for (int i = 0; i < 3; i++)
            {
                await Predict(client, s_predict, Bodies.Predict());
            }
        }

        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, today.AddDays(-1), today.AddDays(1));
        Assert.Equal(3, logged.Count);
        Assert.All(logged, r => Assert.Equal(PredictionRecord.PrimaryRole, r.Role));
        Assert.Contains("matchmodels_shadow_skipped_total{model=\"pair-success\",reason=\"busy\"} 3\n", metrics.Render(), StringComparison.Ordinal);
    }

    private static async Task<Answer> Predict(HttpClient client, Uri route, JsonObject body)
    {
        HttpResponseMessage r = await client.PostAsJsonAsync(route, body);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement answer = await r.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement[] predictions = [.. answer.GetProperty("predictions").EnumerateArray()];
        return new Answer(
            answer.GetProperty("request_id").GetString()!,
            answer.GetProperty("version").GetInt32(),
            [.. predictions.Select(p => $"{p.GetProperty("mentee_id").GetString()}→{p.GetProperty("mentor_id").GetString()}")],
            [.. predictions.Select(p => p.GetProperty("probability").GetSingle())]);
    }

    private sealed record Answer(string RequestId, int Version, string[] PairIds, float[] Probabilities);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Serving.Observability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchModels.Serving.Tests.Scoring;

[Collection(TrainedModelsGroup.Name)]
public sealed class PredictTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    [Fact]
    public async Task Predict_returns_the_champion_version_alias_request_id_and_a_probability_per_pair()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsJsonAsync(s_predict, Bodies.Predict(Bodies.Pair(), Bodies.Pair(mentor: Bodies.Mentor("mentor-2", timezone: -8))));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pair-success", body.GetProperty("model").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("champion", body.GetProperty("alias").GetString());
        Assert.Equal(r.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        JsonElement[] predictions = [.. body.GetProperty("predictions").EnumerateArray()];
        Assert.Equal(2, predictions.Length);
        Assert.All(predictions, p => Assert.InRange(p.GetProperty("probability").GetSingle(), 0f, 1f));
        Assert.Equal("mentor-2", predictions[1].GetProperty("mentor_id").GetString());
        Assert.False(predictions[0].TryGetProperty("contributions", out JsonElement c) && c.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Each_request_gets_its_own_32_hex_digit_id_and_a_callers_id_is_kept_beside_it()
    {
        using var log = new TempDir();
        var logs = new CapturedLogs();
        string[] ids = new string[3];
        JsonElement[] bodies = new JsonElement[3];
        using (var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path)).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs)))))
        {
            using HttpClient client = host.CreateClient();
            for (int i = 0; i < ids.Length; i++)
            {
                // The first request sends none; the other two send the same one, as a retrying platform would.
                using var request = new HttpRequestMessage(HttpMethod.Post, s_predict) { Content = JsonContent.Create(Bodies.Predict()) };
                if (i > 0)
                {
                    request.Headers.Add("X-Request-Id", "hr-platform.batch-7_1");
                }

                HttpResponseMessage r = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                ids[i] = r.Headers.GetValues("X-Request-Id").Single();
                bodies[i] = await r.Content.ReadFromJsonAsync<JsonElement>();
            }
        }

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids, bodies.Select(b => b.GetProperty("request_id").GetString()));
        Assert.Equal([null, "hr-platform.batch-7_1", "hr-platform.batch-7_1"], bodies.Select(b => b.GetProperty("client_request_id").GetString()));

        // Two predictions under one caller's id are two requests in the log, each under its own id.
        IReadOnlyList<PredictionRecord> logged = await PredictionLogReader.ReadPredictionsAsync(log.Path, DateOnly.MinValue, DateOnly.MaxValue);
        Assert.Equal(ids.Order(StringComparer.Ordinal), logged.Select(r => r.RequestId).Order(StringComparer.Ordinal));
        Assert.Equal([null, "hr-platform.batch-7_1", "hr-platform.batch-7_1"], ids.Select(id => logged.Single(r => r.RequestId == id).ClientRequestId));
        CapturedLog[] access = [.. logs.Entries.Where(e => e.Category == RequestMetrics.AccessLogCategory)];
        Assert.Equal(["-", "hr-platform.batch-7_1", "hr-platform.batch-7_1"], ids.Select(id => access.Single(e => (string)e.Fields["RequestId"]! == id).Fields["ClientRequestId"]));
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("an-id-of-sixty-five-characters-is-one-more-than-an-id-may-be-long")]
    [InlineData("naïve")]
    public async Task A_callers_id_that_is_not_short_and_plain_is_refused_naming_the_header(string id)
    {
        using var log = new TempDir();
        HttpResponseMessage r;
        using (var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path)))
        {
            using HttpClient client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, s_predict) { Content = JsonContent.Create(Bodies.Predict()) };
            Assert.True(request.Headers.TryAddWithoutValidation("X-Request-Id", id));
            r = await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("header.X-Request-Id", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal(r.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("request_id").GetString());
        Assert.Empty(await PredictionLogReader.ReadPredictionsAsync(log.Path, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public async Task Routes_that_take_no_input_ignore_a_malformed_caller_id_and_answer_as_always()
    {
        using var log = new TempDir();
        using var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path));
        using HttpClient client = host.CreateClient();
        foreach (string path in new[] { "/v2/health/live", "/metrics", "/openapi/v1.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            Assert.True(request.Headers.TryAddWithoutValidation("X-Request-Id", "not plain!"));

            HttpResponseMessage r = await client.SendAsync(request);

            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {r.StatusCode}");
            Assert.NotEqual("not plain!", r.Headers.GetValues("X-Request-Id").Single());
        }
    }

    [Fact]
    public async Task Predict_gives_the_same_probability_as_the_training_builder_and_the_onnx_graph()
    {
        var registry = new ModelRegistry(models.Registry);
        ModelVersion version = registry.Open(TrainedModels.Name, 1);
        using PairScorer scorer = PairScorer.Open(version);
        var history = new PointInTimeHistory((await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!);
        PairFeatureBuilder builder = PairFeatureBuilder.For(version.Manifest.Features.State!);
        var snapshots = builder.Snapshots(history, history.History.Pairs.Take(300)).ToList();
        var layout = new FeatureLayout(builder, version.Manifest.Features.Names, AuditFeatureEncoding.None);

        float[] expected = layout.Build(snapshots, version.Manifest.Features.State!);
        float[] cached = scorer.Features(snapshots);
        float[] again = scorer.Features(snapshots);

        Assert.Equal(expected, cached);
        Assert.Equal(expected, again);
        Assert.Equal(scorer.Onnx.Score(expected, snapshots.Count), scorer.Score(snapshots));
    }

    [Fact]
    public async Task Cached_texts_keep_apart_skill_lists_that_join_to_the_same_words_and_follow_a_list_changed_later()
    {
        ModelVersion version = new ModelRegistry(models.Registry).Open(TrainedModels.Name, 1);
        using PairScorer scorer = PairScorer.Open(version);
        var history = new PointInTimeHistory((await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!);
        PairFeatureBuilder builder = PairFeatureBuilder.For(version.Manifest.Features.State!);
        PairSnapshot pair = builder.Snapshots(history, history.History.Pairs.Take(1)).Single();
        var layout = new FeatureLayout(builder, version.Manifest.Features.Names, AuditFeatureEncoding.None);
        List<string> changing = ["data"];
        PairSnapshot With(string id, IReadOnlyList<string> mentorSkills) =>
            pair with { Mentee = pair.Mentee with { Skills = ["data", "science"] }, Mentor = pair.Mentor with { ParticipantId = id, Skills = mentorSkills, GoalsText = "grow" } };
        PairSnapshot[] pairs = [With("m1", ["data science"]), With("m2", ["data", "science"]), With("m3", changing)];

        float[] first = scorer.Features(pairs);
        changing.Add("science");
        float[] second = scorer.Features(pairs);

        Assert.Equal(layout.Build([pairs[0], pairs[1]], version.Manifest.Features.State!), first[..(2 * scorer.Width)]);
        Assert.NotEqual(first[..scorer.Width], first[scorer.Width..(2 * scorer.Width)]);
        Assert.Equal(layout.Build(pairs, version.Manifest.Features.State!), second);
        Assert.Equal(second[scorer.Width..(2 * scorer.Width)], second[(2 * scorer.Width)..]);
    }

    [Fact]
    public async Task Explain_returns_top_contributions_with_plain_names_that_add_up_from_the_medians()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict?explain=true&top=3", UriKind.Relative), Bodies.Predict());

        JsonElement p = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
        JsonElement[] contributions = [.. p.GetProperty("contributions").EnumerateArray()];
        Assert.Equal(3, contributions.Length);
        double[] sizes = [.. contributions.Select(c => Math.Abs(c.GetProperty("contribution").GetDouble()))];
        Assert.Equal(sizes.OrderDescending(), sizes);
        Assert.All(contributions, c => Assert.Equal(FeaturePhrases.Of(c.GetProperty("feature").GetString()!), c.GetProperty("description").GetString()));
        Assert.All(contributions, c => Assert.NotEqual(c.GetProperty("feature").GetString(), c.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Version_and_alias_in_the_query_choose_the_version()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        JsonElement byVersion = await (await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict?version=2", UriKind.Relative), Bodies.Predict())).Content.ReadFromJsonAsync<JsonElement>();
        JsonElement byAlias = await (await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict?alias=challenger", UriKind.Relative), Bodies.Predict())).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, byVersion.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, byVersion.GetProperty("alias").ValueKind);
        Assert.Equal(2, byAlias.GetProperty("version").GetInt32());
        Assert.Equal("challenger", byAlias.GetProperty("alias").GetString());
    }

    [Fact]
    public void Reporting_line_follows_the_ids_the_request_sent()
    {
        Participant a = Participant("a", "m1"), b = Participant("b", "m1"), c = Participant("c", "a"), d = Participant("d", "x");

        Assert.True(ReportingLine.Same(a, null, b, null));
        Assert.True(ReportingLine.Same(a, null, c, null));
        Assert.False(ReportingLine.Same(a, null, d, null));
        Assert.True(ReportingLine.Same(a, ["m1", "d"], d, null));
    }

    private static Participant Participant(string id, string? manager) =>
        new(id, "p", "c", Role.Mentee, DateTime.UnixEpoch, "d", "s", 0, 3, 1, manager, ["en"], [], "", 4, 0);
}

[CollectionDefinition(Name)]
public sealed class TrainedModelsGroup : ICollectionFixture<TrainedModels>
{
    public const string Name = "trained models";
}

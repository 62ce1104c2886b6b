using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MatchModels.Core.ApiKeys;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Tests.Security;

namespace MatchModels.Serving.Tests.Outcomes;

public sealed class OutcomesTests
{
    private static readonly Uri s_outcomes = new("/v1/outcomes", UriKind.Relative);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Writes one logged prediction per (request id, pair id) into the log folder's Parquet files, as an earlier run would have.</summary>
    internal static Task LoggedAsync(string folder, params (string Request, string? Pair)[] rows) =>
        DayPartitionedParquet.WriteAsync(
            Path.Combine(folder, PredictionLogReader.PredictionsFolder),
            [.. rows.Select(x => new PredictionRecord { RequestId = x.Request, PairId = x.Pair, TimeUtc = DateTime.UtcNow, Model = "m", Version = 1, Features = [1f], Probability = 0.5 })],
            r => r.TimeUtc,
            DateTime.UtcNow);

    [Fact]
    public async Task Outcomes_are_accepted_and_stored_beside_the_log()
    {
        using var keep = new TempDir();
        await LoggedAsync(keep.Path, ("r-1", "p-1"), ("r-9", null));
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = keep.Path });
        CreatedApiKey key = ManageApiKeys.Create(host.KeysFile, "platform", [ApiKeyScopes.Score], DateTime.UtcNow);
        HttpResponseMessage r;
        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, s_outcomes)
            {
                Content = Json("""
                {"outcomes": [
                  {"pair_id": "p-1", "success": true, "dropout": false, "observed_at": "2025-03-01T09:30:00Z"},
                  {"request_id": "r-9", "dropout": true, "observed_at": "2025-03-02T10:00:00+02:00"}
                ]}
                """),
            };
            post.Headers.Add("X-Request-Id", "platform-batch-17");
            r = await host.Client(key.Key).SendAsync(post);
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        JsonElement answer = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal("platform-batch-17", answer.GetProperty("client_request_id").GetString());
        Assert.Equal(r.Headers.GetValues("X-Request-Id").Single(), answer.GetProperty("request_id").GetString());
        Assert.NotEqual("platform-batch-17", answer.GetProperty("request_id").GetString());
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        IReadOnlyList<OutcomeRecord> stored = await PredictionLogReader.ReadOutcomesAsync(keep.Path, today.AddDays(-1), today.AddDays(1));
        Assert.Equal(2, stored.Count);
        OutcomeRecord a = stored.Single(o => o.PairId == "p-1");
        OutcomeRecord b = stored.Single(o => o.RequestId == "r-9");
        Assert.Equal((true, false, new DateTime(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc), key.Entry.Id), (a.Success!.Value, a.Dropout!.Value, a.ObservedAtUtc, a.KeyId));
        Assert.Equal((null, true, new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc)), (b.Success, b.Dropout!.Value, b.ObservedAtUtc));
        Assert.True(Directory.Exists(Path.Combine(keep.Path, "outcomes", $"day={today:yyyy-MM-dd}")));
    }

    [Fact]
    public async Task Bad_outcomes_are_refused_with_the_json_path_of_each_bad_field_and_nothing_is_stored()
    {
        using var keep = new TempDir();
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = keep.Path });
        HttpResponseMessage r;
        try
        {
            r = await host.Client(host.NewKey("platform", ApiKeyScopes.Score)).PostAsync(s_outcomes, Json("""
                {"outcomes": [
                  {"pair_id": "ok", "success": true, "observed_at": "2025-03-01T09:30:00Z"},
                  {"pair_id": 7, "success": "yes", "observed_at": "2025-03-01T09:30:00"},
                  {"success": true, "dropout": true, "observed_at": "2999-01-01T00:00:00Z", "succes": true},
                  {"pair_id": "p"}
                ]}
                """));
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        JsonElement errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["$.outcomes[1].observed_at", "$.outcomes[1].pair_id", "$.outcomes[1].success", "$.outcomes[2]", "$.outcomes[2].dropout", "$.outcomes[2].observed_at", "$.outcomes[2].succes", "$.outcomes[3]", "$.outcomes[3].observed_at"],
            errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(await PredictionLogReader.ReadOutcomesAsync(keep.Path, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("[]", "$")]
    [InlineData("{}", "$.outcomes")]
    [InlineData("{\"outcomes\": []}", "$.outcomes")]
    public async Task A_body_that_is_not_an_outcomes_object_is_refused_at_its_root(string body, string path)
    {
        using var host = new SecuredHost();

        HttpResponseMessage r = await host.Client(host.NewKey("platform", ApiKeyScopes.Score)).PostAsync(s_outcomes, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([path], errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Outcomes_that_cannot_be_made_durable_are_refused_with_503_and_retry_after()
    {
        using var keep = new TempDir();
        // A file where the outcomes folder belongs makes every write fail, as a full or read-only disk would.
        string blocker = Path.Combine(keep.Path, PredictionLogReader.OutcomesFolder);
        await File.WriteAllTextAsync(blocker, "");
        await LoggedAsync(keep.Path, ("r-1", "p-1"));
        using var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = keep.Path });

        HttpResponseMessage r = await host.Client(host.NewKey("platform", ApiKeyScopes.Score)).PostAsync(s_outcomes, Json("""
            {"outcomes": [{"pair_id": "p-1", "success": true, "observed_at": "2025-03-01T09:30:00Z"}]}
            """));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("1", r.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.True(File.Exists(blocker));
    }

    [Fact]
    public async Task Outcomes_for_pair_or_request_ids_never_logged_are_refused_with_their_paths_and_nothing_is_stored()
    {
        using var keep = new TempDir();
        await LoggedAsync(keep.Path, ("r-1", "p-1"));
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = keep.Path });
        HttpResponseMessage r;
        try
        {
            r = await host.Client(host.NewKey("platform", ApiKeyScopes.Score)).PostAsync(s_outcomes, Json("""
                {"outcomes": [
                  {"pair_id": "p-1", "request_id": "r-1", "success": true, "observed_at": "2025-03-01T09:30:00Z"},
                  {"pair_id": "p-404", "success": true, "observed_at": "2025-03-01T09:30:00Z"},
                  {"pair_id": "p-1", "request_id": "r-404", "dropout": true, "observed_at": "2025-03-01T09:30:00Z"}
                ]}
                """));
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["$.outcomes[1].pair_id", "$.outcomes[2].request_id"], errors.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Contains("'p-404'", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await PredictionLogReader.ReadOutcomesAsync(keep.Path, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public async Task An_outcome_for_a_prediction_another_replica_logged_after_start_is_accepted()
    {
        using var keep = new TempDir();
        var host = new SecuredHost(new() { ["Serving:PredictionLog:Folder"] = keep.Path });
        HttpResponseMessage r;
        try
        {
            HttpClient client = host.Client(host.NewKey("platform", ApiKeyScopes.Score));
            const string Body = """{"outcomes": [{"request_id": "from-the-other-replica", "success": true, "observed_at": "2025-03-01T09:30:00Z"}]}""";
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(s_outcomes, Json(Body))).StatusCode);

            // The other replica: its own writer on the shared folder, whose row is still in its write-ahead segment.
            using PredictionLogWriter replica = PredictionLog.PredictionLogTests.Writer(keep.Path);
            await replica.StartAsync(default);
            await replica.AppendAsync(PredictionLog.PredictionLogTests.Record(1, DateTime.UtcNow) with { RequestId = "from-the-other-replica" });
            r = await client.PostAsync(s_outcomes, Json(Body));
            await replica.StopAsync(default);
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Single(await PredictionLogReader.ReadOutcomesAsync(keep.Path, DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public async Task Reporting_outcomes_needs_the_score_scope()
    {
        using var host = new SecuredHost();
        string admin = host.NewKey("operator", ApiKeyScopes.Admin);
        const string Body = """{"outcomes": [{"pair_id": "p", "success": true, "observed_at": "2025-03-01T09:30:00Z"}]}""";

        HttpResponseMessage anonymous = await host.Client().PostAsync(s_outcomes, Json(Body));
        HttpResponseMessage wrongScope = await host.Client(admin).PostAsync(s_outcomes, Json(Body));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScope.StatusCode);
    }
}

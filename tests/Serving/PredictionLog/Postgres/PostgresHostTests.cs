using System.Net;
using System.Net.Http.Json;
using MatchModels.Serving.PredictionLog.Postgres;
using MatchModels.Serving.Tests.Scoring;
using MatchModels.Tests.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchModels.Serving.Tests.PredictionLog.Postgres;

/// <summary>
/// The real host with <c>Serving:PredictionLog:ConnectionString</c>: predictions go to PostgreSQL, and a database that
/// goes down makes the host not ready and every predict 503 (nothing acknowledged) until it is back. Its own cluster,
/// because the test stops it.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class PostgresHostTests(TrainedModels models, PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly Uri s_ready = new("/v2/health/ready", UriKind.Relative);

    private static readonly Uri s_predict = new($"/v1/models/{TrainedModels.Name}/predict", UriKind.Relative);

    [PostgresFact]
    public async Task A_database_that_goes_down_makes_the_host_not_ready_and_predictions_503_until_it_is_back()
    {
        string db = await pg.NewDatabaseAsync();
        using WebApplicationFactory<Program> host = models.Host(null, ("Serving:PredictionLog:ConnectionString", db));
        using HttpClient client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_ready)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(s_predict, Bodies.Predict())).StatusCode);

        await pg.StopAsync();
        HttpResponseMessage ready;
        HttpResponseMessage predict;
        try
        {
            ready = await client.GetAsync(s_ready);
            predict = await client.PostAsJsonAsync(s_predict, Bodies.Predict());
        }
        finally
        {
            await pg.StartAsync();
        }

        string readyBody = await ready.Content.ReadAsStringAsync();
        string predictBody = await predict.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("prediction log: the log database cannot be reached", readyBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, predict.StatusCode);
        Assert.DoesNotContain("predictions", predictBody, StringComparison.Ordinal);
        foreach (string body in (string[])[readyBody, predictBody])
        {
            Assert.DoesNotContain(pg.Password, body, StringComparison.Ordinal);
            Assert.DoesNotContain(pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        }

        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_ready)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(s_predict, Bodies.Predict())).StatusCode);
        Assert.Equal(2, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions}"));
    }

    [PostgresFact]
    public async Task A_caller_request_id_sent_twice_is_two_requests_each_under_the_servers_own_id()
    {
        string db = await pg.NewDatabaseAsync();
        using WebApplicationFactory<Program> host = models.Host(null, ("Serving:PredictionLog:ConnectionString", db));
        using HttpClient client = host.CreateClient();

        HttpResponseMessage first = await client.SendAsync(WithRequestId("caller-id-1"));
        HttpResponseMessage second = await client.SendAsync(WithRequestId("caller-id-1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        string[] ids = [first.Headers.GetValues("X-Request-Id").Single(), second.Headers.GetValues("X-Request-Id").Single()];
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(2, await PostgresLogs.ScalarAsync(db, $"SELECT count(DISTINCT request_id) FROM {LogSchema.Predictions} WHERE client_request_id = 'caller-id-1'"));
        Assert.Equal(0, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Predictions} WHERE request_id = 'caller-id-1'"));
    }

    [PostgresFact]
    public async Task A_host_whose_database_refuses_the_login_does_not_start_and_says_why_without_the_password()
    {
        string db = await pg.NewDatabaseAsync();
        const string wrong = "wrong-password-5678";
        using WebApplicationFactory<Program> host = models.Host(null, ("Serving:PredictionLog:ConnectionString", db.Replace(pg.Password, wrong, StringComparison.Ordinal)));

        PredictionLogDatabaseException e = Assert.Throws<PredictionLogDatabaseException>(() => host.CreateClient());

        Assert.Contains("password authentication failed for user \"postgres\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Outcomes_are_committed_for_logged_requests_and_refused_with_their_paths_for_unknown_ids()
    {
        string db = await pg.NewDatabaseAsync();
        using WebApplicationFactory<Program> host = models.Host(null, ("Serving:PredictionLog:ConnectionString", db));
        using HttpClient client = host.CreateClient();
        using HttpResponseMessage predicted = await client.PostAsJsonAsync(s_predict, Bodies.Predict());
        string requestId = (await predicted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("request_id").GetString()!;
        var outcomes = new Uri("/v1/outcomes", UriKind.Relative);

        HttpResponseMessage known = await client.PostAsync(outcomes, Outcome($"\"request_id\": \"{requestId}\""));
        HttpResponseMessage unknown = await client.PostAsync(outcomes, Outcome("\"pair_id\": \"nobody→nobody\""));

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("$.outcomes[0].pair_id", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes} WHERE request_id = '{requestId}'"));
        Assert.Equal(1, await PostgresLogs.ScalarAsync(db, $"SELECT count(*) FROM {LogSchema.Outcomes}"));
    }

    private static StringContent Outcome(string id) =>
        new($$"""{"outcomes": [{{{id}}, "success": true, "observed_at": "2025-03-01T09:30:00Z"}]}""", System.Text.Encoding.UTF8, "application/json");

    private static HttpRequestMessage WithRequestId(string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_predict) { Content = JsonContent.Create(Bodies.Predict()) };
        request.Headers.Add("X-Request-Id", id);
        return request;
    }
}

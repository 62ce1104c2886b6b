using System.Net;
using System.Net.Http.Json;
using MatchModels.Core.ApiKeys;
using MatchModels.Serving.Observability;
using MatchModels.Serving.Tests.Scoring;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchModels.Serving.Tests.Observability;

[Collection(TrainedModelsGroup.Name)]
public sealed class AccessLogTests(TrainedModels models)
{
    private static readonly Uri s_predict = new("/v1/models/pair-success/predict", UriKind.Relative);

    [Fact]
    public async Task Every_request_gets_one_access_log_entry_with_named_fields_including_the_caller_key_and_the_version()
    {
        var logs = new CapturedLogs();
        using WebApplicationFactory<Program> host = models.Host().WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsJsonAsync(s_predict, Bodies.Predict());

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        string requestId = r.Headers.GetValues("X-Request-Id").Single();
        CapturedLog entry = Assert.Single(logs.Entries, e => e.Category == RequestMetrics.AccessLogCategory);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(requestId, entry.Fields["RequestId"]);
        Assert.Equal(200, entry.Fields["Status"]);
        Assert.Equal("POST", entry.Fields["Method"]);
        Assert.Equal("/v1/models/{name}/predict", entry.Fields["Route"]);
        Assert.Equal("pair-success", entry.Fields["Model"]);
        Assert.Equal("1", entry.Fields["Version"]);
        string keyId = ApiKeysFile.Read(models.KeysFile).Single(k => k.Name == "tests").Id;
        Assert.Equal(keyId, entry.Fields["KeyId"]);
        Assert.IsType<double>(entry.Fields["ElapsedMs"]);
    }

    [Fact]
    public async Task Refused_requests_are_logged_and_counted_and_every_response_carries_a_request_id()
    {
        var logs = new CapturedLogs();
        using WebApplicationFactory<Program> host = models.Host().WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using HttpClient anonymous = host.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        HttpResponseMessage refused = await anonymous.PostAsJsonAsync(s_predict, Bodies.Predict());
        HttpResponseMessage live = await anonymous.GetAsync(new Uri("/v2/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", refused.Headers.GetValues("X-Request-Id").Single());
        Assert.Matches("^[0-9a-f]{32}$", live.Headers.GetValues("X-Request-Id").Single());
        CapturedLog entry = Assert.Single(logs.Entries, e => e.Category == RequestMetrics.AccessLogCategory && e.Fields["Status"] is 401);
        Assert.Equal("-", entry.Fields["KeyId"]);
        Assert.Equal("-", entry.Fields["Model"]);
        string metrics = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("matchmodels_http_requests_total{route=\"/v1/models/{name}/predict\",method=\"POST\",status=\"401\",model=\"\",version=\"\"} 1", metrics, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using MatchModels.Core.ApiKeys;

namespace MatchModels.Serving.Tests.Security;

public sealed class LimitTests
{
    private static readonly Uri s_score = new("/test/score", UriKind.Relative);

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_Retry_After_while_other_keys_go_on()
    {
        using var host = new SecuredHost(new() { ["Serving:RateLimit:PermitLimit"] = "3", ["Serving:RateLimit:WindowSeconds"] = "60" });
        HttpClient busy = host.Client(host.NewKey("busy", ApiKeyScopes.Score));
        HttpClient quiet = host.Client(host.NewKey("quiet", ApiKeyScopes.Score));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (int i = 0; i < 4; i++)
        {
            last = await busy.GetAsync(s_score);
            statuses.Add(last.StatusCode);
        }

        HttpResponseMessage other = await quiet.GetAsync(s_score);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last.Headers.RetryAfter?.Delta);
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_problem()
    {
        using var host = new SecuredHost(new() { ["Serving:MaxBodyBytes"] = "1000" });
        HttpClient client = host.Client(host.NewKey("platform", ApiKeyScopes.Score));

        HttpResponseMessage small = await client.PostAsync(new Uri("/test/echo", UriKind.Relative), new StringContent(new string('x', 1000), Encoding.UTF8));
        HttpResponseMessage large = await client.PostAsync(new Uri("/test/echo", UriKind.Relative), new StringContent(new string('x', 1001), Encoding.UTF8));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unhandled_exception_gives_a_generic_500_problem_without_its_details()
    {
        using var host = new SecuredHost();
        HttpClient client = host.Client(host.NewKey("platform", ApiKeyScopes.Score));

        HttpResponseMessage r = await client.GetAsync(new Uri("/test/throw", UriKind.Relative));
        string body = await r.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret internal detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        using JsonDocument problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
    }
}

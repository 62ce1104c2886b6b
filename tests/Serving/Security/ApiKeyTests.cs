using System.Net;
using System.Text.Json;
using MatchModels.Core.ApiKeys;

namespace MatchModels.Serving.Tests.Security;

public sealed class ApiKeyTests
{
    private static readonly Uri s_score = new("/test/score", UriKind.Relative);

    [Fact]
    public async Task A_request_without_a_key_gets_401_with_a_bearer_challenge_as_problem_json()
    {
        using var host = new SecuredHost();
        host.NewKey("platform", ApiKeyScopes.Score);

        HttpResponseMessage r = await host.Client().GetAsync(s_score);

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_key_gets_401_invalid_token()
    {
        using var host = new SecuredHost();
        host.NewKey("platform", ApiKeyScopes.Score);

        HttpResponseMessage r = await host.Client(ApiKeySecret.NewKey()).GetAsync(s_score);

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("error=\"invalid_token\"", r.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403()
    {
        using var host = new SecuredHost();
        string admin = host.NewKey("operator", ApiKeyScopes.Admin);
        string score = host.NewKey("platform", ApiKeyScopes.Score);

        HttpResponseMessage noScore = await host.Client(admin).GetAsync(s_score);
        HttpResponseMessage noAdmin = await host.Client(score).GetAsync(new Uri("/test/admin", UriKind.Relative));
        HttpResponseMessage both = await host.Client(admin).GetAsync(new Uri("/test/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, noScore.StatusCode);
        Assert.Equal("application/problem+json", noScore.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, noAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
    }

    [Fact]
    public async Task A_route_sees_the_calling_keys_id()
    {
        using var host = new SecuredHost();
        CreatedApiKey created = ManageApiKeys.Create(host.KeysFile, "platform", [ApiKeyScopes.Score], DateTime.UtcNow);

        HttpResponseMessage r = await host.Client(created.Key).GetAsync(s_score);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(created.Entry.Id, body.RootElement.GetProperty("key_id").GetString());
    }

    [Fact]
    public async Task Keys_created_and_revoked_while_the_host_runs_take_effect_without_a_restart()
    {
        using var host = new SecuredHost();
        HttpClient anonymous = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/v2/health/live", UriKind.Relative))).StatusCode);
        string key = host.NewKey("platform", ApiKeyScopes.Score);
        HttpClient client = host.Client(key);

        HttpResponseMessage before = await client.GetAsync(s_score);
        ManageApiKeys.Revoke(host.KeysFile, "platform", DateTime.UtcNow);
        HttpResponseMessage after = await client.GetAsync(s_score);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key_even_when_keys_exist()
    {
        using var host = new SecuredHost();
        host.NewKey("platform", ApiKeyScopes.Score);

        HttpResponseMessage r = await host.Client().GetAsync(new Uri("/v2/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }
}

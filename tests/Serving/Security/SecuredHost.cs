using System.Net.Http.Headers;
using MatchModels.Core.ApiKeys;
using MatchModels.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchModels.Serving.Tests.Security;

/// <summary>
/// The real host with its keys file and log folder in a temporary directory, plus test-only routes under
/// <c>/test/</c> (mapped by a startup filter, after the real pipeline) that require each scope.
/// </summary>
internal sealed class SecuredHost(Dictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly TempDir _dir = new();

    public string KeysFile => _dir["keys.json"];

    public string LogFolder => _dir["log"];

    public HttpClient Client(string? key = null)
    {
        HttpClient client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public string NewKey(string name, params string[] scopes) => ManageApiKeys.Create(KeysFile, name, scopes, DateTime.UtcNow).Key;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Serving:KeysFile", KeysFile);
        builder.UseSetting("Serving:KeysReloadSeconds", "0");
        builder.UseSetting("Serving:PredictionLog:Folder", LogFolder);
        foreach ((string k, string v) in settings ?? [])
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestRoutes>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dir.Dispose();
        }
    }

    private sealed class TestRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseRouting();
            app.UseAuthorization();
            app.UseEndpoints(e =>
            {
                e.MapGet("/test/score", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(new { key_id = user.ApiKeyId() })).RequireAuthorization(ApiKeyScopes.Score);
                e.MapGet("/test/admin", () => Results.Ok()).RequireAuthorization(ApiKeyScopes.Admin);
                e.MapPost("/test/echo", async (HttpRequest r) => Results.Ok(new { bytes = (await new StreamReader(r.Body).ReadToEndAsync()).Length })).RequireAuthorization(ApiKeyScopes.Score);
                e.MapGet("/test/throw", string () => throw new InvalidOperationException("secret internal detail")).RequireAuthorization(ApiKeyScopes.Score);
            });
        };
    }
}

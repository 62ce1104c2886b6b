using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchModels.Serving.Tests;

public sealed class HealthTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Liveness_answers_without_a_key()
    {
        using HttpClient client = factory.CreateClient();

        HttpResponseMessage r = await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }
}

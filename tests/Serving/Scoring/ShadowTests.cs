using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchModels.Serving.Tests.Scoring;

[Collection(TrainedModelsGroup.Name)]
public sealed class ShadowTests(TrainedModels models)
{
    [Fact]
    public async Task With_shadow_mode_the_challenger_scores_the_same_pairs_and_both_results_are_logged()
    {
        var lines = new ConcurrentQueue<string>();
        using WebApplicationFactory<Program> host = models.Host(null, ("Serving:Shadow:Enabled", "true"))
            .WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(new ListLogger(lines)))));
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsJsonAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Bodies.Predict());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        for (int i = 0; i < 100 && !lines.Any(l => l.StartsWith("Shadow ", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        string shadow = Assert.Single(lines, l => l.StartsWith("Shadow ", StringComparison.Ordinal));
        Assert.Contains("pair-success v1", shadow, StringComparison.Ordinal);
        Assert.Contains("challenger v2", shadow, StringComparison.Ordinal);
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MatchModels.Core.Registry;

namespace MatchModels.Serving.Tests.Scoring;

[Collection(TrainedModelsGroup.Name)]
public sealed class HotSwapTests(TrainedModels models)
{
    [Fact]
    public async Task Promotions_and_rollbacks_under_load_fail_no_request_and_both_versions_are_served()
    {
        using TempDir copy = models.Copy();
        var registry = new ModelRegistry(copy.Path);
        // Checked on every request, so that each 25 ms promotion is seen (the default checks every 250 ms).
        using var host = models.Host(copy.Path, ("Serving:AliasRecheckMilliseconds", "0"));
        using HttpClient client = host.CreateClient();
        var served = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        string body = Bodies.Predict().ToJsonString();

        async Task Send()
        {
            while (!stop.IsCancellationRequested)
            {
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                HttpResponseMessage r = await client.PostAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), content);
                if (r.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
                    continue;
                }

                served.AddOrUpdate((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32(), 1, (_, n) => n + 1);
            }
        }

        Task[] senders = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(Send))];
        for (int i = 0; i < 20; i++)
        {
            SetAlias.Run(registry, TrainedModels.Name, ModelReference.Champion, 2, DateTime.UtcNow, "promote under load", forced: true);
            await Task.Delay(25);
            RollbackAlias.Run(registry, TrainedModels.Name, DateTime.UtcNow);
            await Task.Delay(25);
        }

        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Empty(failures);
        Assert.True(served.ContainsKey(1) && served.ContainsKey(2), $"versions served: {string.Join(", ", served)}");
        Assert.Equal(1, registry.Aliases(TrainedModels.Name)[ModelReference.Champion]);
    }
}

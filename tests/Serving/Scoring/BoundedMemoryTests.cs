using System.Net;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.Registry;
using MatchModels.Serving.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>
/// A client that walks every version and invents model names must not grow the host: versions beyond the
/// configured number are unloaded least recently used first (aliased ones stay), and unknown names are not cached.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class BoundedMemoryTests(TrainedModels models, ITestOutputHelper output)
{
    private const string Foreign = "foreign";
    private const int MaxLoaded = 4;

    [Fact]
    public async Task A_thousand_distinct_versions_and_a_hundred_thousand_unknown_names_keep_the_caches_bounded()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        var import = new ImportOnnxModel(registry, TimeProvider.System);
        byte[] onnx = ForeignOnnxModel.Logistic([0.5f, -0.25f, 1f], 0.1f);
        var spec = new ImportSpec("pair-success", ["skill_jaccard", "level_gap", "goals_similarity"]);
        for (int i = 0; i < 1_000; i++)
        {
            import.Run(Foreign, onnx, spec, "foreign.onnx");
        }

        SetAlias.Run(registry, Foreign, ModelReference.Champion, 1, DateTime.UtcNow, "test", forced: true);
        using var host = models.Host(dir.Path, ("Serving:MaxLoadedVersions", MaxLoaded.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using HttpClient client = host.CreateClient();
        ServedModels served = host.Services.GetRequiredService<ServedModels>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/v2/models/{Foreign}/ready", UriKind.Relative))).StatusCode);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        int most = 0;
        for (int v = 1; v <= 1_000; v++)
        {
            HttpResponseMessage r = await client.GetAsync(new Uri($"/v2/models/{Foreign}/versions/{v}/ready", UriKind.Relative));
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"version {v}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            most = Math.Max(most, served.LoadedCount);
        }

        // The champion is pinned beside the limit; the others come and go.
        Assert.InRange(most, 2, MaxLoaded + 1);
        Assert.InRange(served.LoadedCount, 1, MaxLoaded + 1);

        await Parallel.ForEachAsync(Enumerable.Range(0, 100_000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using HttpResponseMessage r = await client.GetAsync(new Uri($"/v2/models/nosuch-{i}/ready", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        });

        Assert.Equal(1, served.CachedAliasMaps);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"most loaded at once {most}; managed heap {before / 1e6:0.0} MB before the walk, {after / 1e6:0.0} MB after it and 100,000 unknown names");
    }

    [Fact]
    public async Task A_damaged_aliases_file_keeps_the_last_good_map_and_version_requests_still_work()
    {
        using TempDir copy = models.Copy();
        using var host = models.Host(copy.Path, ("Serving:AliasRecheckMilliseconds", "0"));
        using HttpClient client = host.CreateClient();
        var champion = new Uri("/v2/models/pair-success/ready", UriKind.Relative);
        Assert.Contains("\"version\":\"1\"", await (await client.GetAsync(champion)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string aliases = Path.Combine(copy.Path, TrainedModels.Name, ModelRegistry.AliasesFile);
        await File.WriteAllTextAsync(aliases, "{\"champion\": 2, \"chall");

        HttpResponseMessage kept = await client.GetAsync(champion);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Contains("\"version\":\"1\"", await kept.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/versions/2/ready", UriKind.Relative))).StatusCode);
        Assert.Equal([TrainedModels.Name], host.Services.GetRequiredService<ServedModels>().DamagedAliasFiles);

        // Mended, the file is read again: the next promotion is served.
        await File.WriteAllTextAsync(aliases, "{\"champion\": 2}\n");
        Assert.Contains("\"version\":\"2\"", await (await client.GetAsync(champion)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Services.GetRequiredService<ServedModels>().DamagedAliasFiles);
    }

    [Fact]
    public async Task A_host_that_starts_with_a_damaged_aliases_file_answers_503_for_aliases_and_serves_explicit_versions()
    {
        using TempDir copy = models.Copy();
        await File.WriteAllTextAsync(Path.Combine(copy.Path, TrainedModels.Name, ModelRegistry.AliasesFile), "not json");
        using var host = models.Host(copy.Path);
        using HttpClient client = host.CreateClient();

        HttpResponseMessage bare = await client.GetAsync(new Uri("/v2/models/pair-success/ready", UriKind.Relative));
        string body = await bare.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, bare.StatusCode);
        Assert.DoesNotContain(copy.Path, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v2/models/pair-success/versions/1/ready", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_model_is_answered_without_the_server_path_or_other_models_names()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.GetAsync(new Uri("/v2/models/nosuch/ready", UriKind.Relative));
        string body = await r.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("has no registered version", body, StringComparison.Ordinal);
        Assert.DoesNotContain(models.Registry, body, StringComparison.Ordinal);
        Assert.DoesNotContain("pair-success", body, StringComparison.Ordinal);
    }
}

using System.Net;
using MatchModels.Core.Registry;
using MatchModels.Serving.Tests.Scoring;

namespace MatchModels.Serving.Tests.Inference;

/// <summary>Ready means able to score and to log: a host that would refuse every predict must say so.</summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ReadinessTests(TrainedModels models)
{
    private static readonly Uri s_ready = new("/v2/health/ready", UriKind.Relative);

    [Fact]
    public async Task A_healthy_host_is_ready()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_ready)).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_champions_onnx_file_makes_the_host_not_ready_without_naming_the_path()
    {
        using TempDir copy = models.Copy();
        using var host = models.Host(copy.Path);
        using HttpClient client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_ready)).StatusCode);

        File.Delete(new ModelRegistry(copy.Path).Open(TrainedModels.Name, 1).OnnxPath);
        HttpResponseMessage r = await client.GetAsync(s_ready);
        string body = await r.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Contains("pair-success", body, StringComparison.Ordinal);
        Assert.DoesNotContain(copy.Path, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_log_folder_makes_the_host_not_ready()
    {
        using var log = new TempDir();
        using var host = models.Host(null, ("Serving:PredictionLog:Folder", log.Path));
        using HttpClient client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_ready)).StatusCode);

        // A file where the write-ahead folder must be: no write can succeed, whatever the user's permissions.
        string wal = Path.Combine(log.Path, "predictions", "_wal");
        Directory.Delete(wal, recursive: true);
        await File.WriteAllTextAsync(wal, "in the way");
        HttpResponseMessage r = await client.GetAsync(s_ready);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Contains("prediction log: the log folder is not writable", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

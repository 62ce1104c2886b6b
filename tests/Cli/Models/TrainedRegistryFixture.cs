using System.Text.Json;

namespace MatchModels.Cli.Tests.Models;

/// <summary>
/// Two `matchmodels train` processes started together on the sample, registering into one registry: the
/// concurrency case of the issue, and the registry the other tests copy before they change it.
/// </summary>
public sealed class TrainedRegistryFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public string Registry => _dir["models"];

    public IReadOnlyList<CliProcess.Result> Runs { get; private set; } = [];

    public static string Pipeline => Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml");

    public async Task InitializeAsync()
    {
        Runs = await Task.WhenAll(
            CliProcess.RunAsync("train", Pipeline, "--trials", "2", "--registry", Registry, "--json"),
            CliProcess.RunAsync("train", Pipeline, "--trials", "2", "--registry", Registry, "--json"));
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A private copy of the trained registry for a test that changes it.</summary>
    public TempDir Copy()
    {
        var copy = new TempDir();
        foreach (string file in Directory.EnumerateFiles(Registry, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy.Path, Path.GetRelativePath(Registry, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }
}

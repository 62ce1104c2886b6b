namespace MatchModels.Notebooks.Tests;

/// <summary>
/// Runs each notebook once on the sample, as CI does, into a temporary folder: programme-outcomes on data/sample, and
/// model-comparison on two registries the real CLI trains (with 2 trials, as the README job's test does): one holding
/// version 1 only, and a copy of it trained again with another seed, holding versions 1 and 2.
/// </summary>
public sealed class NotebookPagesFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();

    public string SingleRegistry => _dir["single"];

    public string TwoVersionRegistry => _dir["two"];

    public string Out => _dir["out"];

    public NotebookProcess.Result Outcomes { get; private set; } = null!;

    public NotebookProcess.Result Comparison { get; private set; } = null!;

    public NotebookProcess.Result SingleComparison { get; private set; } = null!;

    public string OutcomesPage => Path.Combine(Out, "programme-outcomes.html");

    public string ComparisonPage => Path.Combine(Out, "model-comparison.html");

    public string SingleComparisonPage => Path.Combine(_dir["single-out"], "model-comparison.html");

    public async Task InitializeAsync()
    {
        await Train(SingleRegistry, "42");
        using (TempDir copy = TempDir.CopyTreeOf(SingleRegistry))
        {
            Directory.Move(copy.Path, TwoVersionRegistry);
        }

        await Train(TwoVersionRegistry, "7");
        Outcomes = await NotebookProcess.RunNotebookAsync("programme-outcomes", "--out", Out);
        Comparison = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", TwoVersionRegistry, "--out", Out);
        SingleComparison = await NotebookProcess.RunNotebookAsync("model-comparison", "--registry", SingleRegistry, "--out", _dir["single-out"]);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    private static async Task Train(string registry, string seed)
    {
        NotebookProcess.Result trained = await NotebookProcess.RunCliAsync("train", "pipelines/pair-success.yaml", "--registry", registry, "--trials", "2", "--seed", seed);
        Assert.True(trained.ExitCode == 0, trained.ToString());
    }
}

/// <summary>Every test that reads the fixture's pages shares one run of the notebooks.</summary>
[CollectionDefinition(Name)]
public sealed class NotebookPagesGroup : ICollectionFixture<NotebookPagesFixture>
{
    public const string Name = "notebook pages";
}

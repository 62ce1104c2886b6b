namespace MatchModels.Notebooks.Tests;

/// <summary>
/// Runs each notebook once on the sample, as CI does, into a temporary folder: programme-outcomes on data/sample,
/// model-comparison on two registries the real CLI trains (with 2 trials, as the README job's test does): one holding
/// version 1 only, and a copy of it trained again with another seed, holding versions 1 and 2; and drift-walkthrough on
/// the one-version registry (as the README main job leaves it: no champion, no retraining policy) and on a third whose
/// champion's pipeline has a retraining policy, so that the walkthrough runs the retraining loop.
/// </summary>
public sealed class NotebookPagesFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();

    public string SingleRegistry => _dir["single"];

    public string TwoVersionRegistry => _dir["two"];

    public string Out => _dir["out"];

    public string PolicyRegistry => _dir["policy"];

    public NotebookProcess.Result Walkthrough { get; private set; } = null!;

    public NotebookProcess.Result WalkthroughWithoutPolicy { get; private set; } = null!;

    public string WalkthroughPage => Path.Combine(Out, "drift-walkthrough.html");

    /// <summary>What the walkthrough on <see cref="PolicyRegistry"/> kept beside its page: history, log, scratch registry.</summary>
    public string WalkthroughFiles => Path.Combine(Out, "drift-walkthrough");

    public string WalkthroughWithoutPolicyPage => Path.Combine(_dir["drift-single-out"], "drift-walkthrough.html");

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

        await TrainChampionWithPolicy(PolicyRegistry, _dir["pair-success-monitored.yaml"]);
        Walkthrough = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", PolicyRegistry, "--out", Out);
        WalkthroughWithoutPolicy = await NotebookProcess.RunReleaseNotebookAsync("drift-walkthrough", "--registry", SingleRegistry, "--out", _dir["drift-single-out"]);
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

    /// <summary>
    /// The README's pipeline with a monitoring section (pipelines/README.md's example: a 0.3 drift share, dataset drift in
    /// 2 of the last 3 windows or a 0.05 drop in realised AUC over 200 labels), trained as the README job trains and made
    /// champion as a person would.
    /// </summary>
    private static async Task TrainChampionWithPolicy(string registry, string pipeline)
    {
        await File.WriteAllTextAsync(pipeline, await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")) + """

            monitoring:
              drift:
                share: 0.3
              retraining:
                triggers:
                  dataset_drift: {windows: 2, of_last: 3}
                  realised_auc_drop: {delta: 0.05, min_labels: 200}
            """);
        NotebookProcess.Result trained = await NotebookProcess.RunCliAsync("train", pipeline, "--data", RepoPaths.Sample, "--registry", registry, "--trials", "2", "--seed", "42");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        NotebookProcess.Result promoted = await NotebookProcess.RunCliAsync("models", "promote", "pair-success", "1", "--force", "--reason", "notebook test set-up", "--registry", registry);
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
    }
}

/// <summary>Every test that reads the fixture's pages shares one run of the notebooks.</summary>
[CollectionDefinition(Name)]
public sealed class NotebookPagesGroup : ICollectionFixture<NotebookPagesFixture>
{
    public const string Name = "notebook pages";
}

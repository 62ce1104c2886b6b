namespace MatchModels.NotebookKit.Running;

/// <summary>
/// A notebook's options, with paths resolved: relative ones against the working directory, defaults against the
/// repository the notebook lives in (so <c>dotnet run notebooks/x.cs</c> works from any folder).
/// </summary>
/// <param name="Data">The programme history folder (<c>--data</c>, default data/sample).</param>
/// <param name="Registry">The model registry (<c>--registry</c>, default models/); null for a notebook that reads none.</param>
/// <param name="Out">Where the page goes (<c>--out</c>, default notebooks/out/).</param>
/// <param name="Model">The registered model to read (<c>--model</c>, default pair-success); null for a notebook that reads none.</param>
/// <param name="RepositoryRoot">The repository the notebook lives in: where pipelines/ is read from.</param>
public sealed record NotebookArguments(string Data, string? Registry, string Out, string? Model, string RepositoryRoot)
{
    public const string DataOption = "--data";
    public const string RegistryOption = "--registry";
    public const string OutOption = "--out";
    public const string ModelOption = "--model";

    /// <summary>The options given on the command line (the others took their defaults).</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The README's main job registers this model, so it is the one a fresh clone can compare.</summary>
    public const string DefaultModel = "pair-success";

    private static readonly Dictionary<string, string> s_valueNames = new(StringComparer.Ordinal)
    {
        [DataOption] = "DIR",
        [RegistryOption] = "DIR",
        [OutOption] = "DIR",
        [ModelOption] = "NAME",
    };

    /// <summary>
    /// Reads <paramref name="args"/> for the notebook <paramref name="name"/>, which takes <paramref name="options"/>
    /// (a subset of the four). <c>--help</c> prints the usage and exits 0; anything else unexpected stops with exit 2.
    /// </summary>
    public static NotebookArguments Parse(string name, string[] args, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(args);
        string usage = $"usage: dotnet run notebooks/{name}.cs -- {string.Join(' ', options.Select(o => $"[{o} {s_valueNames[o]}]"))}";
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h")
            {
                Console.WriteLine(usage);
                Environment.Exit(0);
            }

            if (!options.Contains(a, StringComparer.Ordinal))
            {
                NotebookExit.Stop(NotebookExit.BadInput, $"unknown argument '{a}' for {name} ({usage})");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                NotebookExit.Stop(NotebookExit.BadInput, $"{a} needs a value ({usage})");
            }

            if (!given.TryAdd(a, args[++i]))
            {
                NotebookExit.Stop(NotebookExit.BadInput, $"{a} is given twice");
            }
        }

        string root = FindRepositoryRoot();
        string Resolve(string option, string fallback) =>
            given.TryGetValue(option, out string? value) ? Path.GetFullPath(value) : Path.Combine(root, fallback);
        return new NotebookArguments(
            Resolve(DataOption, Path.Combine("data", "sample")),
            options.Contains(RegistryOption) ? Resolve(RegistryOption, "models") : null,
            Resolve(OutOption, Path.Combine("notebooks", "out")),
            options.Contains(ModelOption) ? given.GetValueOrDefault(ModelOption, DefaultModel) : null,
            root)
        {
            Given = given.Keys.ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The folder above the notebook's own: a file-based app knows its source file (the SDK sets
    /// EntryPointFileDirectoryPath); run any other way, the working directory stands in.
    /// </summary>
    private static string FindRepositoryRoot() =>
        AppContext.GetData("EntryPointFileDirectoryPath") is string notebooks && Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(notebooks)) is { } root
            ? root
            : Directory.GetCurrentDirectory();
}

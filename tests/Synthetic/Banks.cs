namespace MatchModels.Synthetic.Tests;

/// <summary>The two phrase banks of data/synthetic, by name, for tests that run with either.</summary>
internal static class Banks
{
    public const string BuiltInName = "phrases.json";
    public const string ParaphraseName = "phrases-paraphrase.json";

    private static readonly Lazy<PhraseBank> s_paraphrase = new(() => PhraseBank.Load(PathOf(ParaphraseName)));

    /// <summary>The evaluation bank: the same topics in other words (docs/synthetic-data.md; never used to tune anything).</summary>
    public static PhraseBank Paraphrase => s_paraphrase.Value;

    public static PhraseBank Named(string name) => name switch
    {
        BuiltInName => PhraseBank.BuiltIn,
        ParaphraseName => Paraphrase,
        _ => throw new ArgumentException($"no bank named {name}", nameof(name)),
    };

    public static string PathOf(string name) => Path.Combine(RepoPaths.Root, "data", "synthetic", name);
}

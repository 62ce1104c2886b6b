namespace MatchModels.Synthetic.Tests;

/// <summary>Generated histories shared by the tests of a class: generation is deterministic, so sharing changes nothing.</summary>
internal static class SyntheticSample
{
    /// <summary>A few thousand pairs, enough for rates to be within a few points of their expectation.</summary>
    public static SyntheticOptions LargeOptions { get; } = new(Mentees: 4000, Mentors: 1200, Seed: 11);

    private static readonly Lazy<(SyntheticHistory History, IReadOnlyList<PairLatents> Latents)> s_large =
        new(() => GenerateSyntheticHistory.RunWithLatents(LargeOptions));

    public static SyntheticHistory Large => s_large.Value.History;

    public static IReadOnlyList<PairLatents> LargeLatents => s_large.Value.Latents;
}

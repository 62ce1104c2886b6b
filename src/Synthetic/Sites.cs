namespace MatchModels.Synthetic;

/// <summary>A set of working languages (ISO 639-1, first one first) and how often a site's people have it.</summary>
internal sealed record LanguageMix(double Weight, IReadOnlyList<string> Languages);

/// <summary>
/// A company site. <see cref="TimezoneOffsetH"/> is the standard-time UTC offset of its working hours
/// (daylight saving is ignored: the column records the usual offset, not the one on a given day).
/// </summary>
internal sealed record Site(string Name, double TimezoneOffsetH, double Weight, bool OpensWithCovariateDrift, IReadOnlyList<LanguageMix> Languages);

/// <summary>The sites of the synthetic company: nine established ones and two that covariate drift opens.</summary>
internal static class Sites
{
    public static IReadOnlyList<Site> All { get; } =
    [
        new("Paris", 1, 0.28, false, [new(0.35, ["fr"]), new(0.52, ["fr", "en"]), new(0.08, ["en", "fr"]), new(0.05, ["fr", "en", "es"])]),
        new("Lyon", 1, 0.12, false, [new(0.50, ["fr"]), new(0.43, ["fr", "en"]), new(0.07, ["fr", "en", "de"])]),
        new("London", 0, 0.14, false, [new(0.75, ["en"]), new(0.15, ["en", "fr"]), new(0.05, ["en", "es"]), new(0.05, ["fr", "en"])]),
        new("Madrid", 1, 0.06, false, [new(0.75, ["es", "en"]), new(0.15, ["es", "en", "fr"]), new(0.10, ["es", "fr"])]),
        new("Berlin", 1, 0.06, false, [new(0.85, ["de", "en"]), new(0.10, ["en"]), new(0.05, ["de", "en", "fr"])]),
        new("Montréal", -5, 0.14, false, [new(0.55, ["fr", "en"]), new(0.25, ["en", "fr"]), new(0.15, ["fr"]), new(0.05, ["en"])]),
        new("New York", -5, 0.10, false, [new(0.80, ["en"]), new(0.15, ["en", "es"]), new(0.05, ["en", "fr"])]),
        new("Toronto", -5, 0.05, false, [new(0.70, ["en"]), new(0.30, ["en", "fr"])]),
        new("San Francisco", -8, 0.05, false, [new(0.85, ["en"]), new(0.15, ["en", "es"])]),
        new("Bangalore", 5.5, 0.5, true, [new(0.70, ["en"]), new(0.30, ["en", "hi"])]),
        new("Singapore", 8, 0.5, true, [new(0.70, ["en"]), new(0.30, ["en", "zh"])]),
    ];

    /// <summary>Every language code in use; a code's index is its bit in a language mask.</summary>
    public static IReadOnlyList<string> LanguageCodes { get; } = ["en", "fr", "es", "de", "hi", "zh"];

    public static int LanguageMask(IReadOnlyList<string> languages)
    {
        int mask = 0;
        foreach (string code in languages)
        {
            for (int i = 0; i < LanguageCodes.Count; i++)
            {
                if (LanguageCodes[i] == code)
                {
                    mask |= 1 << i;
                }
            }
        }

        return mask;
    }

    /// <summary>
    /// Hours between two UTC offsets on the 24-hour clock: 16 hours apart is 8 hours the other way round,
    /// which is what matters for finding a meeting slot.
    /// </summary>
    public static double TimezoneGapH(double a, double b)
    {
        double d = Math.Abs(a - b) % 24;
        return Math.Min(d, 24 - d);
    }
}

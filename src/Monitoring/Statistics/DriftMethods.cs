namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// Every per-column drift method by name, and the one place that picks a column's default method, by the conventions of
/// Evidently's stattest registry that the issue adopts (a fact of that tool, not tuned here):
/// a reference of at most <see cref="SmallReferenceRows"/> rows gets a test (p ≤ 0.05 is drift) — KS for a numerical
/// column with more than <see cref="FewValues"/> distinct values, the Z-test for a binary one, chi-square otherwise;
/// a larger reference gets a distance (≥ 0.1 is drift), because there every test rejects for differences too small to
/// matter — the normed Wasserstein distance for a numerical column with more than <see cref="FewValues"/> values,
/// Jensen–Shannon otherwise. PSI is never a default; it is there to be asked for by name.
/// </summary>
public static class DriftMethods
{
    /// <summary>References up to 1,000 rows are "small": Evidently's switch from tests to distances.</summary>
    public const int SmallReferenceRows = 1000;

    /// <summary>A column with at most 5 distinct values (reference and window pooled) is treated as categorical.</summary>
    public const int FewValues = 5;

    /// <summary>Two distinct values make a column binary: the Z-test for proportions applies.</summary>
    public const int BinaryValues = 2;

    public static IReadOnlyList<DriftMethod> All { get; } =
    [
        KolmogorovSmirnov.Method,
        ChiSquare.Method,
        ProportionZTest.Method,
        WassersteinDistance.Method,
        JensenShannonDistance.Method,
        PopulationStabilityIndex.Method,
    ];

    /// <summary>The method a configuration names; throws, listing the known names, for any other.</summary>
    public static DriftMethod ByName(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown drift method '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}", nameof(name));

    /// <summary>The default method for a column of <paramref name="kind"/> with this many reference rows and distinct values (pooled).</summary>
    public static DriftMethod Default(FeatureKind kind, int referenceRows, int distinctValues)
    {
        bool fewValues = kind == FeatureKind.Categorical || distinctValues <= FewValues;
        if (referenceRows <= SmallReferenceRows)
        {
            if (!fewValues)
            {
                return KolmogorovSmirnov.Method;
            }

            return distinctValues <= BinaryValues ? ProportionZTest.Method : ChiSquare.Method;
        }

        return fewValues ? JensenShannonDistance.Method : WassersteinDistance.Method;
    }

    /// <summary>The default method for these two samples: counts their pooled distinct values only as far as the choice needs.</summary>
    public static DriftMethod Default(FeatureKind kind, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Default(kind, reference.Length, DistinctValues.CountUpTo(FewValues, reference, current));
}

using MathNet.Numerics;

namespace MatchModels.Monitoring.Statistics;

/// <summary>Pearson's X² of a 2 × k table, its degrees of freedom and p-value.</summary>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>
/// Pearson's chi-square test of homogeneity for a categorical column: are the category shares of the reference and the
/// current window the same? For the 2 × k table of counts O (row r = sample, column c = category) with expected counts
/// E_rc = (row total × column total) / N, X² = Σ (O − E)²/E, and p = P(χ²_(k−1) ≥ X²), the upper regularised gamma
/// Q((k−1)/2, X²/2) (Pearson, 1900; Agresti, Categorical Data Analysis, 2013, §3.2).
/// </summary>
/// <remarks>
/// Evidently instead runs a goodness-of-fit test of the window against the reference's shares, as if the reference were
/// the population. Both are samples here, and a category the reference never saw would make that test's expected count
/// 0 and its statistic infinite; the test of homogeneity counts the reference's own sampling error and stays finite.
/// Its known maximum, for two samples with no category in common, is X² = N (Cramér's V = 1).
/// </remarks>
public static class ChiSquare
{
    /// <summary>Drift when p ≤ 0.05, the and Evidently's default for small references.</summary>
    public const double DefaultThreshold = 0.05;

    public static DriftMethod Method { get; } = new(
        "chisquare",
        "chi-square p-value",
        [FeatureKind.Categorical, FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.PValueAtMost,
        (reference, current, _) => Test(reference, current).PValue);

    public static ChiSquareResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CategoryCounts counts = CategoryCounts.Of(reference, current);
        return FromCounts(counts.Reference, counts.Current);
    }

    /// <summary>
    /// The test on counts per category (same order in both). Categories absent from both are ignored. One category in all
    /// gives X² = 0 with 0 degrees of freedom and p = 1; an empty sample gives NaN.
    /// </summary>
    public static ChiSquareResult FromCounts(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length)
        {
            throw new ArgumentException($"{reference.Length} reference categories for {current.Length} current ones.", nameof(current));
        }

        double referenceTotal = 0;
        double currentTotal = 0;
        int categories = 0;
        for (int c = 0; c < reference.Length; c++)
        {
            if (reference[c] < 0 || current[c] < 0)
            {
                throw new ArgumentException("counts cannot be negative.", nameof(reference));
            }

            referenceTotal += reference[c];
            currentTotal += current[c];
            categories += reference[c] + current[c] > 0 ? 1 : 0;
        }

        if (referenceTotal == 0 || currentTotal == 0)
        {
            return new ChiSquareResult(double.NaN, 0, double.NaN);
        }

        double total = referenceTotal + currentTotal;
        double statistic = 0;
        for (int c = 0; c < reference.Length; c++)
        {
            double column = reference[c] + current[c];
            if (column == 0)
            {
                continue;
            }

            double expectedReference = referenceTotal * column / total;
            double expectedCurrent = currentTotal * column / total;
            statistic += Square(reference[c] - expectedReference) / expectedReference;
            statistic += Square(current[c] - expectedCurrent) / expectedCurrent;
        }

        int freedom = categories - 1;
        double p = freedom == 0 ? 1 : SpecialFunctions.GammaUpperRegularized(freedom / 2.0, statistic / 2);
        return new ChiSquareResult(statistic, freedom, p);
    }

    private static double Square(double x) => x * x;
}

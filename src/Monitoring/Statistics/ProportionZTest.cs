using MathNet.Numerics.Distributions;

namespace MatchModels.Monitoring.Statistics;

/// <summary>The pooled two-proportion z statistic and its two-sided p-value.</summary>
public sealed record ZTestResult(double Statistic, double PValue);

/// <summary>
/// The two-proportion Z-test for a binary column: z = (p̂₁ − p̂₂) / √(P̄(1 − P̄)(1/n₁ + 1/n₂)), with the pooled share
/// P̄ = (x₁ + x₂)/(n₁ + n₂), and the two-sided p = 2(1 − Φ(|z|)) (Agresti, 2013, §1.4; Evidently's <c>z</c> test).
/// </summary>
/// <remarks>
/// When both samples hold one and the same value the pooled variance is 0 and nothing differs: p = 1. Its known maximum,
/// one sample all of one value and the other all of the other, is |z| = √(n₁ + n₂).
/// </remarks>
public static class ProportionZTest
{
    /// <summary>Drift when p ≤ 0.05, the default for binary columns on small references.</summary>
    public const double DefaultThreshold = 0.05;

    public static DriftMethod Method { get; } = new(
        "z",
        "Z-test p-value",
        [FeatureKind.Categorical, FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.PValueAtMost,
        (reference, current, _) => Test(reference, current).PValue);

    /// <summary>
    /// The test on a column with at most two distinct values: the larger one counts as "positive" (1 of a 0/1 column).
    /// Throws when the two samples hold more than two distinct values between them.
    /// </summary>
    public static ZTestResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CategoryCounts counts = CategoryCounts.Of(reference, current);
        if (counts.Categories.Length > 2)
        {
            throw new ArgumentException($"the Z-test needs a binary column; this one has {counts.Categories.Length} values.", nameof(reference));
        }

        if (counts.Categories.Length < 2)
        {
            return FromCounts(0, counts.ReferenceTotal, 0, counts.CurrentTotal);
        }

        return FromCounts(counts.Reference[1], counts.ReferenceTotal, counts.Current[1], counts.CurrentTotal);
    }

    /// <summary>The test from the positives and sizes of each sample; NaN when a sample is empty.</summary>
    public static ZTestResult FromCounts(long referencePositives, long referenceTotal, long currentPositives, long currentTotal)
    {
        if (referencePositives < 0 || currentPositives < 0 || referencePositives > referenceTotal || currentPositives > currentTotal)
        {
            throw new ArgumentException("positives must lie between 0 and the sample size.", nameof(referencePositives));
        }

        if (referenceTotal == 0 || currentTotal == 0)
        {
            return new ZTestResult(double.NaN, double.NaN);
        }

        double p1 = (double)referencePositives / referenceTotal;
        double p2 = (double)currentPositives / currentTotal;
        double pooled = (double)(referencePositives + currentPositives) / (referenceTotal + currentTotal);
        double variance = pooled * (1 - pooled) * ((1.0 / referenceTotal) + (1.0 / currentTotal));
        if (variance == 0)
        {
            return new ZTestResult(0, 1);
        }

        double z = (p1 - p2) / Math.Sqrt(variance);
        // 2(1 − Φ(|z|)) = 2Φ(−|z|): the second form keeps its precision far in the tail.
        return new ZTestResult(z, Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))));
    }
}

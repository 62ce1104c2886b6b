namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// The Jensen–Shannon distance between the binned distributions P (reference) and Q (current):
/// JS(P, Q) = √(½ KL(P ‖ M) + ½ KL(Q ‖ M)), M = ½(P + Q), with natural logarithms (Lin, 1991, "Divergence measures based
/// on the Shannon entropy"; Endres &amp; Schindelin, 2003, proved the square root a metric).
/// </summary>
/// <remarks>
/// The base is e because Evidently's <c>jensenshannon</c> test calls scipy's <c>distance.jensenshannon</c> without a base,
/// whose default is the natural logarithm; its 0.1 threshold is in that unit. The distance is 0 for identical
/// distributions and at most √(ln 2) ≈ 0.8326 for disjoint ones (1 in base 2). Bins are <see cref="BinnedShares.Of"/>:
/// one per value for categorical and few-valued columns, Sturges' equal-width histogram over the pooled range otherwise.
/// Empty bins need no smoothing: M is positive wherever P or Q is, and 0·ln 0 is taken as 0.
/// </remarks>
public static class JensenShannonDistance
{
    /// <summary>Drift when the distance ≥ 0.1: Evidently's default for categorical columns on references over 1,000 rows, and the issue's.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The distance between two distributions with no bin in common: √(ln 2).</summary>
    public static readonly double Maximum = Math.Sqrt(Math.Log(2));

    public static DriftMethod Method { get; } = new(
        "jensenshannon",
        "Jensen-Shannon distance",
        [FeatureKind.Categorical, FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.ScoreAtLeast,
        Test);

    /// <summary>The distance between the two samples' binned shares; NaN when a sample has no value other than NaN.</summary>
    public static double Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, FeatureKind kind)
    {
        if (reference.IsEmpty || current.IsEmpty)
        {
            return double.NaN;
        }

        BinnedShares shares = BinnedShares.Of(reference, current, kind);
        return shares.Reference.Length == 0 || shares.Current.Length == 0 ? double.NaN : FromShares(shares.Reference, shares.Current);
    }

    /// <summary>The distance between two distributions over the same bins; each is normalised to sum to 1 first.</summary>
    public static double FromShares(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"{p.Length} reference bins for {q.Length} current ones.", nameof(q));
        }

        double sumP = Sum(p);
        double sumQ = Sum(q);
        if (sumP <= 0 || sumQ <= 0)
        {
            return double.NaN;
        }

        double divergence = 0;
        for (int k = 0; k < p.Length; k++)
        {
            double pk = p[k] / sumP;
            double qk = q[k] / sumQ;
            double mk = (pk + qk) / 2;
            divergence += (Term(pk, mk) + Term(qk, mk)) / 2;
        }

        // Rounding can leave a divergence of identical distributions a hair below 0.
        return Math.Sqrt(Math.Max(0, divergence));
    }

    private static double Term(double x, double m) => x > 0 ? x * Math.Log(x / m) : 0;

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            if (v < 0 || double.IsNaN(v))
            {
                throw new ArgumentException("shares must be non-negative numbers.", nameof(values));
            }

            sum += v;
        }

        return sum;
    }
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// The population stability index of credit scoring: PSI = Σ_b (r_b − c_b) ln(r_b / c_b) over bins b, r and c the
/// reference's and the window's shares (Siddiqi, Credit Risk Scorecards, 2006; Yurdakul, 2018, "Statistical properties of
/// population stability index"). It is the symmetrised Kullback–Leibler divergence KL(R ‖ C) + KL(C ‖ R).
/// </summary>
/// <remarks>
/// Numerical columns with more than <see cref="BinnedShares.HistogramAboveDistinctValues"/> distinct reference values are
/// cut at the reference's deciles (ten bins of a tenth of the reference each, the scorecard convention), so one outlier in
/// the window cannot squash the rest into a single bin; Evidently uses its Sturges histogram here instead. Other columns
/// get one bin per value. An empty bin's share is raised to <see cref="EmptyBinShare"/> so the logarithm stays finite, as
/// Evidently does. Rule of thumb (Siddiqi): below 0.1 stable, 0.1–0.25 some shift, above 0.25 a major shift.
/// </remarks>
public static class PopulationStabilityIndex
{
    /// <summary>Drift when PSI ≥ 0.1: Evidently's default and the lower end of Siddiqi's "some shift" band.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The share an empty bin is given: 0.0001, Evidently's fill for PSI.</summary>
    public const double EmptyBinShare = 0.0001;

    /// <summary>Ten bins, each a tenth of the reference (deciles).</summary>
    public const int QuantileBins = 10;

    public static DriftMethod Method { get; } = new(
        "psi",
        "PSI",
        [FeatureKind.Categorical, FeatureKind.Numerical],
        DefaultThreshold,
        DriftRule.ScoreAtLeast,
        Test);

    /// <summary>PSI of the two samples binned as the remarks say; NaN when a sample is empty.</summary>
    public static double Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, FeatureKind kind)
    {
        if (reference.IsEmpty || current.IsEmpty)
        {
            return double.NaN;
        }

        BinnedShares shares = kind == FeatureKind.Numerical && DistinctValues.Exceed(reference, BinnedShares.HistogramAboveDistinctValues)
            ? ReferenceQuantileBins(reference, current)
            : BinnedShares.PerValue(reference, current);
        return shares.Reference.Length == 0 || shares.Current.Length == 0 ? double.NaN : FromShares(shares.Reference, shares.Current);
    }

    /// <summary>PSI of two distributions over the same bins, an empty bin counted as <see cref="EmptyBinShare"/>.</summary>
    public static double FromShares(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length != current.Length)
        {
            throw new ArgumentException($"{reference.Length} reference bins for {current.Length} current ones.", nameof(current));
        }

        double psi = 0;
        for (int b = 0; b < reference.Length; b++)
        {
            double r = Math.Max(reference[b], EmptyBinShare);
            double c = Math.Max(current[b], EmptyBinShare);
            psi += (r - c) * Math.Log(r / c);
        }

        return psi;
    }

    /// <summary>
    /// Bins (−∞, q₁], (q₁, q₂], …, (q₉, ∞) at the reference's deciles (linear interpolation between order statistics),
    /// repeated edges merged; NaN values are skipped.
    /// </summary>
    public static BinnedShares ReferenceQuantileBins(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double[] sorted = [.. reference.ToArray().Where(x => !double.IsNaN(x)).Order()];
        if (sorted.Length == 0)
        {
            return new BinnedShares([], []);
        }

        var edges = new List<double>(QuantileBins - 1);
        for (int k = 1; k < QuantileBins; k++)
        {
            double edge = Quantile(sorted, (double)k / QuantileBins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return new BinnedShares(CountIntoBins(reference, edges), CountIntoBins(current, edges));
    }

    /// <summary>
    /// PSI of a window against a reference known only by its deciles q₀ … q₁₀ (the summary profile older model versions
    /// keep, <c>FeatureSummary.Deciles</c>): the window is cut at q₁ … q₉ and each reference bin holds a tenth. A repeated
    /// edge is a point mass: its tenth joins the bin that ends at that value. NaN when the window has no value.
    /// </summary>
    public static double FromReferenceDeciles(IReadOnlyList<double> deciles, ReadOnlySpan<double> current)
    {
        ArgumentNullException.ThrowIfNull(deciles);
        if (deciles.Count != QuantileBins + 1)
        {
            throw new ArgumentException($"expected {QuantileBins + 1} deciles (0% to 100%), found {deciles.Count}.", nameof(deciles));
        }

        // The k-th tenth of the reference lies in (q_(k−1), q_k]: shares[j] is the bin that ends at edges[j], and the tenth
        // above q₉ is the open last bin.
        var edges = new List<double>(QuantileBins - 1);
        var shares = new List<double>(QuantileBins);
        for (int k = 1; k < QuantileBins; k++)
        {
            if (edges.Count > 0 && deciles[k] <= edges[^1])
            {
                shares[^1] += 1.0 / QuantileBins;
                continue;
            }

            edges.Add(deciles[k]);
            shares.Add(1.0 / QuantileBins);
        }

        shares.Add(1.0 / QuantileBins);

        double[] window = CountIntoBins(current, edges);
        return window.Length == 0 ? double.NaN : FromShares([.. shares], window);
    }

    private static double[] CountIntoBins(ReadOnlySpan<double> values, List<double> edges)
    {
        long[] counts = new long[edges.Count + 1];
        foreach (double x in values)
        {
            if (double.IsNaN(x))
            {
                continue;
            }

            // The first edge at or above x names the bin: x ≤ q_k falls in bin k.
            int index = edges.BinarySearch(x);
            counts[index >= 0 ? index : ~index]++;
        }

        return BinnedShares.Shares(counts);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}

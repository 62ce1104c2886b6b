using System.Runtime.ExceptionServices;
using MatchModels.Core.Features;

namespace MatchModels.Monitoring.Statistics;

/// <summary>Per-column and dataset drift of a window's feature rows against the reference's.</summary>
public static class DataDrift
{
    /// <summary>Binary features are read as categorical; numeric and count features as numerical (a count with ≤ 5 values is then tested as categorical by <see cref="DriftMethods"/>).</summary>
    public static FeatureKind KindOf(FeatureType type) => type == FeatureType.Binary ? FeatureKind.Categorical : FeatureKind.Numerical;

    /// <summary>
    /// Compares every column of <paramref name="current"/> with the same column of <paramref name="reference"/> (columns match
    /// by position and must carry the same names), in parallel over columns.
    /// </summary>
    public static DatasetDriftResult Compare(FeatureMatrix reference, FeatureMatrix current, IReadOnlyList<FeatureKind> kinds, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(kinds);
        if (!reference.Names.SequenceEqual(current.Names))
        {
            throw new ArgumentException("the window's feature names differ from the reference's.", nameof(current));
        }

        if (kinds.Count != reference.Width)
        {
            throw new ArgumentException($"{kinds.Count} column kinds for {reference.Width} features.", nameof(kinds));
        }

        var results = new FeatureDriftResult[reference.Width];
        try
        {
            Parallel.For(0, reference.Width, ParallelOnCaller.Options(), c =>
            {
                double[] r = Column(reference, c);
                double[] w = Column(current, c);
                results[c] = FeatureDrift.Evaluate(reference.Names[c], r, w, kinds[c], options);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions is [ArgumentException first, ..])
        {
            // A configuration error (an unknown method, one that does not fit a column) reads better unwrapped.
            ExceptionDispatchInfo.Throw(first);
        }

        return DatasetDrift.Of(results, options);
    }

    private static double[] Column(FeatureMatrix matrix, int column)
    {
        double[] values = new double[matrix.Rows];
        float[] all = matrix.Values;
        int width = matrix.Width;
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = all[(r * width) + column];
        }

        return values;
    }
}

using System.Runtime.InteropServices;

namespace MatchModels.Monitoring.Statistics;

/// <summary>
/// How often each category occurs in two samples, over the union of the categories seen in either, in ascending order
/// of the code: the table that chi-square, the Z-test, Jensen–Shannon and PSI read for categorical columns.
/// </summary>
public sealed record CategoryCounts(double[] Categories, long[] Reference, long[] Current)
{
    public long ReferenceTotal => Reference.Sum();

    public long CurrentTotal => Current.Sum();

    /// <summary>Counts the values of both samples; NaN is not a category and is skipped (a missing value is not a level).</summary>
    public static CategoryCounts Of(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        // A hash map while counting (a window may hold a million rows), sorted once at the end.
        var index = new Dictionary<double, (long Reference, long Current)>();
        foreach (double x in reference)
        {
            if (!double.IsNaN(x))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(index, x, out _).Reference++;
            }
        }

        foreach (double x in current)
        {
            if (!double.IsNaN(x))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(index, x, out _).Current++;
            }
        }

        double[] categories = [.. index.Keys.Order()];
        return new CategoryCounts(
            categories,
            [.. categories.Select(c => index[c].Reference)],
            [.. categories.Select(c => index[c].Current)]);
    }
}

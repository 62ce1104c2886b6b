namespace MatchModels.Monitoring.Multivariate;

/// <summary>Per-column means and standard deviations fitted on some rows, to map values to z = (x − mean)/sd; a constant column maps to 0.</summary>
internal sealed class Standardisation
{
    private readonly double[] _means;
    private readonly double[] _stds;

    private Standardisation(double[] means, double[] stds)
    {
        _means = means;
        _stds = stds;
    }

    public IReadOnlyList<double> Means => _means;

    public IReadOnlyList<double> Stds => _stds;

    /// <summary>Fits on the listed <paramref name="rows"/> of row-major <paramref name="x"/>; population (n) deviations.</summary>
    public static Standardisation Fit(ReadOnlySpan<double> x, int width, IReadOnlyList<int> rows)
    {
        double[] means = new double[width];
        double[] stds = new double[width];
        foreach (int r in rows)
        {
            for (int j = 0; j < width; j++)
            {
                means[j] += x[(r * width) + j];
            }
        }

        for (int j = 0; j < width; j++)
        {
            means[j] /= Math.Max(1, rows.Count);
        }

        foreach (int r in rows)
        {
            for (int j = 0; j < width; j++)
            {
                double d = x[(r * width) + j] - means[j];
                stds[j] += d * d;
            }
        }

        for (int j = 0; j < width; j++)
        {
            stds[j] = Math.Sqrt(stds[j] / Math.Max(1, rows.Count));
        }

        return new Standardisation(means, stds);
    }

    public void Apply(ReadOnlySpan<double> row, Span<double> z)
    {
        for (int j = 0; j < row.Length; j++)
        {
            z[j] = _stds[j] > 0 ? (row[j] - _means[j]) / _stds[j] : 0;
        }
    }

    public void ApplyInPlace(Span<double> x, int width)
    {
        for (int start = 0; start < x.Length; start += width)
        {
            Span<double> row = x.Slice(start, width);
            Apply(row, row);
        }
    }
}

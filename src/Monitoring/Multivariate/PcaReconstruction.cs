using MatchModels.Core.Features;
using MathNet.Numerics.LinearAlgebra;

namespace MatchModels.Monitoring.Multivariate;

/// <summary>
/// The reference's principal components and the band its reconstruction error keeps: what a window is compared with.
/// </summary>
/// <param name="Means">Each feature's reference mean.</param>
/// <param name="Stds">Each feature's reference standard deviation (0 for a constant feature, which is then ignored).</param>
/// <param name="Components">The kept principal axes, one row of <c>Width</c> loadings each, in standardised units.</param>
/// <param name="ReferenceError">The mean reconstruction error of the reference rows.</param>
/// <param name="RowErrorStd">The standard deviation of one reference row's reconstruction error.</param>
public sealed record PcaReconstructionModel(double[] Means, double[] Stds, double[][] Components, double ReferenceError, double RowErrorStd)
{
    public int Width => Means.Length;
}

/// <summary>A window's mean reconstruction error, the band [Lower, Upper] expected for a window of its size, and the verdict.</summary>
public sealed record PcaDriftResult(double Error, double Lower, double Upper, int Rows, bool Drifted);

/// <summary>
/// Multivariate drift by data reconstruction, as NannyML's <c>DataReconstructionDriftCalculator</c> does it: standardise
/// with the reference, project onto the reference's principal components that keep <see cref="DefaultVarianceKept"/> of
/// its variance, map back, and measure each row's Euclidean distance from its reconstruction. Rows that move together as
/// in the reference lie near the kept subspace; when the correlations change, the error grows even if no feature's own
/// distribution does.
/// </summary>
/// <remarks>
/// The components are the singular vectors of the reference's standardised covariance matrix (its SVD, by MathNet; for a
/// symmetric positive semi-definite matrix the SVD is its eigendecomposition). NannyML draws its ±3σ band from the spread
/// of the error over reference chunks; here the band is scaled to the window's own size instead,
/// mean ± <see cref="BandSigmas"/>·σ_row/√n, σ_row the reference rows' error deviation, so a window of any size is judged
/// fairly (rows taken as independent). The reference errors are in-sample and so slightly optimistic; with thousands of
/// reference rows and tens of features the bias is small against the band.
/// </remarks>
public static class PcaReconstruction
{
    /// <summary>Keep the fewest components that explain 65% of the variance: NannyML's default <c>n_components=0.65</c>.</summary>
    public const double DefaultVarianceKept = 0.65;

    /// <summary>The band's half-width: 3 standard errors, NannyML's default thresholds for this calculator.</summary>
    public const double BandSigmas = 3;

    public static PcaReconstructionModel Fit(FeatureMatrix reference, double varianceKept = DefaultVarianceKept)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!(varianceKept > 0 && varianceKept <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(varianceKept), varianceKept, "the share of variance kept must lie in (0, 1].");
        }

        if (reference.Rows < 2)
        {
            throw new ArgumentException("the reference needs at least two rows.", nameof(reference));
        }

        int width = reference.Width;
        double[] x = new double[reference.Rows * width];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = reference.Values[i];
        }

        var scaling = Standardisation.Fit(x, width, [.. Enumerable.Range(0, reference.Rows)]);
        scaling.ApplyInPlace(x, width);
        Matrix<double> z = Matrix<double>.Build.Dense(reference.Rows, width, (i, j) => x[(i * width) + j]);
        Matrix<double> covariance = z.TransposeThisAndMultiply(z) / (reference.Rows - 1);
        var svd = covariance.Svd(computeVectors: true);
        double total = svd.S.Sum();
        int kept = 0;
        double explained = 0;
        while (kept < width && (total <= 0 || explained / total < varianceKept))
        {
            explained += svd.S[kept];
            kept++;
        }

        double[][] components = [.. Enumerable.Range(0, kept).Select(c => svd.U.Column(c).ToArray())];
        var model = new PcaReconstructionModel([.. scaling.Means], [.. scaling.Stds], components, 0, 0);
        double[] errors = RowErrors(model, reference);
        double mean = errors.Average();
        double sd = Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Length - 1));
        return model with { ReferenceError = mean, RowErrorStd = sd };
    }

    /// <summary>The window's mean reconstruction error against the band for its size; an empty window gives NaN and no drift.</summary>
    public static PcaDriftResult Evaluate(PcaReconstructionModel model, FeatureMatrix window)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(window);
        if (window.Rows == 0)
        {
            return new PcaDriftResult(double.NaN, double.NaN, double.NaN, 0, false);
        }

        double error = RowErrors(model, window).Average();
        double half = BandSigmas * model.RowErrorStd / Math.Sqrt(window.Rows);
        double lower = model.ReferenceError - half;
        double upper = model.ReferenceError + half;
        return new PcaDriftResult(error, lower, upper, window.Rows, error < lower || error > upper);
    }

    /// <summary>‖z − P Pᵀ z‖ for each row's standardised vector z, P the kept components.</summary>
    public static double[] RowErrors(PcaReconstructionModel model, FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Width != model.Width)
        {
            throw new ArgumentException($"the rows have {rows.Width} features, the model {model.Width}.", nameof(rows));
        }

        int width = model.Width;
        double[] errors = new double[rows.Rows];
        double[] z = new double[width];
        double[] residual = new double[width];
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            for (int j = 0; j < width; j++)
            {
                z[j] = model.Stds[j] > 0 ? (row[j] - model.Means[j]) / model.Stds[j] : 0;
            }

            z.CopyTo(residual, 0);
            foreach (double[] axis in model.Components)
            {
                double projection = 0;
                for (int j = 0; j < width; j++)
                {
                    projection += axis[j] * z[j];
                }

                for (int j = 0; j < width; j++)
                {
                    residual[j] -= projection * axis[j];
                }
            }

            errors[i] = Math.Sqrt(residual.Sum(r => r * r));
        }

        return errors;
    }
}

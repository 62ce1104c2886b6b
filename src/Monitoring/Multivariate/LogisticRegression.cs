namespace MatchModels.Monitoring.Multivariate;

/// <summary>
/// L2-regularised logistic regression fitted by Nesterov's accelerated gradient descent on the mean log-loss
/// (Nesterov, 1983; the constant-step scheme of Beck &amp; Teboulle, 2009, FISTA without a prox term), for the domain
/// classifier. Small on purpose: Monitoring references no ML library.
/// </summary>
/// <remarks>
/// The step is 1/L with L = ¼·λ_max(XᵀX/n) + λ, the Lipschitz constant of the loss's gradient (the logistic function's
/// slope is at most ¼), λ_max found by power iteration; with that step accelerated descent converges at rate O(1/k²), and a
/// few hundred steps on standardised columns are ample for a drift signal, which needs a ranking, not a converged model.
/// The intercept is not penalised.
/// </remarks>
internal sealed class LogisticRegression
{
    private const int PowerIterations = 30;

    private LogisticRegression(double[] weights, double intercept)
    {
        Weights = weights;
        Intercept = intercept;
    }

    public double[] Weights { get; }

    public double Intercept { get; }

    /// <summary>Fits on <paramref name="x"/>, row-major: one row per label, <paramref name="width"/> columns each.</summary>
    public static LogisticRegression Fit(ReadOnlySpan<double> x, int width, ReadOnlySpan<bool> labels, int iterations, double ridge)
    {
        int n = labels.Length;
        if (x.Length != n * width)
        {
            throw new ArgumentException($"expected {n} × {width} values, found {x.Length}.", nameof(x));
        }

        double step = 1 / ((0.25 * LargestEigenvalue(x, width, n)) + ridge);
        double[] w = new double[width + 1];
        double[] previous = new double[width + 1];
        double[] look = new double[width + 1];
        double[] gradient = new double[width + 1];
        for (int k = 1; k <= iterations; k++)
        {
            // Look ahead along the momentum, take a gradient step from there.
            double momentum = (k - 1.0) / (k + 2.0);
            for (int j = 0; j <= width; j++)
            {
                look[j] = w[j] + (momentum * (w[j] - previous[j]));
            }

            Gradient(x, width, labels, look, ridge, gradient);
            Array.Copy(w, previous, w.Length);
            for (int j = 0; j <= width; j++)
            {
                w[j] = look[j] - (step * gradient[j]);
            }
        }

        return new LogisticRegression(w[..width], w[width]);
    }

    /// <summary>P(y = 1 | x) for one row.</summary>
    public double Probability(ReadOnlySpan<double> row) => Sigmoid(Score(row, Weights, Intercept));

    private static void Gradient(ReadOnlySpan<double> x, int width, ReadOnlySpan<bool> labels, double[] w, double ridge, double[] gradient)
    {
        Array.Clear(gradient);
        int n = labels.Length;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = x.Slice(i * width, width);
            double residual = Sigmoid(Score(row, w.AsSpan(0, width), w[width])) - (labels[i] ? 1 : 0);
            for (int j = 0; j < width; j++)
            {
                gradient[j] += residual * row[j];
            }

            gradient[width] += residual;
        }

        for (int j = 0; j < width; j++)
        {
            gradient[j] = (gradient[j] / n) + (2 * ridge * w[j]);
        }

        gradient[width] /= n;
    }

    /// <summary>λ_max of XᵀX/n over the columns plus the intercept's column of ones, by power iteration from the all-ones vector.</summary>
    private static double LargestEigenvalue(ReadOnlySpan<double> x, int width, int n)
    {
        double[] v = new double[width + 1];
        Array.Fill(v, 1 / Math.Sqrt(width + 1));
        double[] next = new double[width + 1];
        double eigenvalue = 1;
        for (int it = 0; it < PowerIterations; it++)
        {
            Array.Clear(next);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> row = x.Slice(i * width, width);
                double dot = v[width];
                for (int j = 0; j < width; j++)
                {
                    dot += row[j] * v[j];
                }

                for (int j = 0; j < width; j++)
                {
                    next[j] += dot * row[j];
                }

                next[width] += dot;
            }

            double norm = Math.Sqrt(next.Sum(e => e * e));
            if (norm == 0)
            {
                return 1;
            }

            eigenvalue = norm / n;
            for (int j = 0; j <= width; j++)
            {
                v[j] = next[j] / norm;
            }
        }

        return eigenvalue;
    }

    private static double Score(ReadOnlySpan<double> row, ReadOnlySpan<double> w, double intercept)
    {
        double z = intercept;
        for (int j = 0; j < row.Length; j++)
        {
            z += row[j] * w[j];
        }

        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

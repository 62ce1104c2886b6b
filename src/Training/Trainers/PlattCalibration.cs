namespace MatchModels.Training.Trainers;

/// <summary>
/// Platt scaling: p = 1 / (1 + exp(-(A·s + B))) for a raw score s. Fitted by Newton's method on the
/// log-loss with Platt's smoothed targets t+ = (N+ + 1)/(N+ + 2), t- = 1/(N- + 2), which keeps A and B finite
/// on separable data (Platt 1999; Lin, Lin and Weng 2007 for the numerically careful form).
/// Chosen over isotonic regression because a sigmoid of an affine map exports to ONNX exactly.
/// </summary>
public sealed record PlattCalibration(double A, double B)
{
    private const int MaxIterations = 100;
    private const double MinStep = 1e-10;
    private const double Sigma = 1e-12;

    public static PlattCalibration Identity { get; } = new(1, 0);

    public double Apply(double score) => Sigmoid((A * score) + B);

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    public static PlattCalibration Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length || scores.Length == 0)
        {
            throw new ArgumentException("scores and labels must be non-empty and of the same length");
        }

        int positives = 0;
        foreach (bool l in labels)
        {
            positives += l ? 1 : 0;
        }

        int negatives = labels.Length - positives;
        double hi = (positives + 1.0) / (positives + 2.0);
        double lo = 1.0 / (negatives + 2.0);
        var t = new double[labels.Length];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = labels[i] ? hi : lo;
        }

        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0)) * -1;
        double f = Objective(scores, t, a, b);
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            // Gradient and Hessian of the log-loss in (a, b).
            double h11 = Sigma, h22 = Sigma, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double p = Sigmoid((a * scores[i]) + b);
                double d2 = p * (1 - p);
                double d1 = p - t[i];
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-9 && Math.Abs(g2) < 1e-9)
            {
                break;
            }

            double det = (h11 * h22) - (h21 * h21);
            double da = -((h22 * g1) - (h21 * g2)) / det;
            double db = -((-h21 * g1) + (h11 * g2)) / det;
            double gd = (g1 * da) + (g2 * db);
            double step = 1;
            while (step >= MinStep)
            {
                double na = a + (step * da), nb = b + (step * db);
                double nf = Objective(scores, t, na, nb);
                if (nf < f + (1e-4 * step * gd))
                {
                    a = na;
                    b = nb;
                    f = nf;
                    break;
                }

                step /= 2;
            }

            if (step < MinStep)
            {
                break;
            }
        }

        return new PlattCalibration(a, b);
    }

    private static double Objective(ReadOnlySpan<double> scores, double[] t, double a, double b)
    {
        double f = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = (a * scores[i]) + b;
            // log(1 + e^z) - t·z, written to stay finite for large |z|.
            f += (z >= 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (t[i] * z);
        }

        return f;
    }
}

namespace MatchModels.Monitoring.Tests.Performance;

/// <summary>Seeded calibrated predictions: p = σ(z), z normal with mean −0.5 and sd 1.5, and labels drawn as Bernoulli(p).</summary>
internal static class CalibratedSample
{
    public static (double[] Probabilities, bool[] Labels) Draw(int n, int seed)
    {
        var random = new Random(seed);
        double[] p = new double[n];
        bool[] y = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double u = 1 - random.NextDouble();
            double v = random.NextDouble();
            double z = -0.5 + (1.5 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
            p[i] = 1 / (1 + Math.Exp(-z));
            y[i] = random.NextDouble() < p[i];
        }

        return (p, y);
    }
}

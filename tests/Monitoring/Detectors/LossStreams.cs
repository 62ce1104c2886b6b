namespace MatchModels.Monitoring.Tests.Detectors;

/// <summary>Seeded per-prediction 0/1 loss streams: each value is 1 (a wrong prediction) with the given rate.</summary>
internal static class LossStreams
{
    /// <summary>
    /// The squared error (p − y)² of calibrated predictions: p uniform on [0.1, 0.6], y drawn as Bernoulli(p). Its variance
    /// (about 0.03) is a seventh of a 0/1 loss's at the same error rate.
    /// </summary>
    public static double[] CalibratedSquaredError(int length, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double p = 0.1 + (0.5 * random.NextDouble());
            double y = random.NextDouble() < p ? 1 : 0;
            values[i] = (p - y) * (p - y);
        }

        return values;
    }

    public static double[] Bernoulli(int length, double rate, int seed) => Shifted(length, rate, rate, length, seed);

    /// <summary>Rate <paramref name="before"/> up to position <paramref name="changeAt"/>, rate <paramref name="after"/> from there on.</summary>
    public static double[] Shifted(int length, double before, double after, int changeAt, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() < (i < changeAt ? before : after) ? 1 : 0;
        }

        return values;
    }
}

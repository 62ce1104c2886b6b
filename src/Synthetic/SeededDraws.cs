namespace MatchModels.Synthetic;

/// <summary>
/// The few kinds of draw the generator needs, all from the one seeded <see cref="Random"/> so that a seed
/// fixes the whole history. Weights need not sum to one.
/// </summary>
internal static class SeededDraws
{
    public static bool Chance(this Random rng, double p) => rng.NextDouble() < p;

    /// <summary>An index drawn with probability proportional to its weight.</summary>
    public static int PickIndex(this Random rng, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        double u = rng.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        // Rounding can leave u a hair above zero: fall back on the last index that has any weight.
        for (int i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }

        throw new ArgumentException("at least one weight must be positive", nameof(weights));
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>An integer uniform in [min, max], both included.</summary>
    public static int Between(this Random rng, int min, int max) => rng.Next(min, max + 1);

    /// <summary>A whole number of seconds uniform in [min, max], both included.</summary>
    public static long SecondsBetween(this Random rng, long min, long max) => rng.NextInt64(min, max + 1);

    /// <summary>A standard normal draw (Box–Muller; one of the pair is discarded to keep the stream simple).</summary>
    public static double Gaussian(this Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A standard Gumbel draw: adding it to scores and taking the arg-max samples a softmax choice.</summary>
    public static double Gumbel(this Random rng)
    {
        // Keep u strictly inside (0, 1) so that both logarithms stay finite.
        double u = 1e-12 + (rng.NextDouble() * (1 - 2e-12));
        return -Math.Log(-Math.Log(u));
    }

    public static int Binomial(this Random rng, int n, double p)
    {
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (rng.NextDouble() < p)
            {
                k++;
            }
        }

        return k;
    }
}

using MatchModels.Core.Features;

namespace MatchModels.Monitoring.Tests.Multivariate;

/// <summary>
/// Seeded rows of two standard normal features with correlation ρ (x₂ = ρx₁ + √(1 − ρ²)e), plus an independent third:
/// every feature is N(0, 1) whatever ρ is, so flipping ρ changes only how the first two move together.
/// </summary>
internal static class CorrelatedRows
{
    public static FeatureMatrix Draw(int rows, double correlation, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[rows * 3];
        for (int i = 0; i < rows; i++)
        {
            double x1 = Normal(random);
            double e = Normal(random);
            values[3 * i] = (float)x1;
            values[(3 * i) + 1] = (float)((correlation * x1) + (Math.Sqrt(1 - (correlation * correlation)) * e));
            values[(3 * i) + 2] = (float)Normal(random);
        }

        return new FeatureMatrix(["tenure", "level_gap", "availability"], values, rows);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

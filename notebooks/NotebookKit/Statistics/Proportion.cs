namespace MatchModels.NotebookKit.Statistics;

/// <summary>
/// <paramref name="Successes"/> out of <paramref name="Trials"/>, with its 95% Wilson score interval (Wilson, 1927;
/// Brown, Cai and DasGupta, 2001, recommend it over the normal approximation for the group sizes notebooks show):
/// centre (p̂ + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
/// </summary>
public sealed record Proportion(int Successes, int Trials)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>NaN when there are no trials.</summary>
    public double Rate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    public double Low => Wilson().Low;

    public double High => Wilson().High;

    public static Proportion Of(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        return new Proportion(successes, trials);
    }

    private (double Low, double High) Wilson()
    {
        if (Trials == 0)
        {
            return (double.NaN, double.NaN);
        }

        double n = Trials, p = Rate, z2 = Z95 * Z95;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = Z95 / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>
/// The difference of two independent proportions, <see cref="A"/> − <see cref="B"/>, with the 95% interval of
/// Newcombe's hybrid score method (Newcombe, 1998, method 10), built from the two Wilson intervals:
/// L = d − √((p₁ − l₁)² + (u₂ − p₂)²), U = d + √((u₁ − p₁)² + (p₂ − l₂)²).
/// </summary>
public sealed record ProportionDifference(Proportion A, Proportion B)
{
    public double Difference => A.Rate - B.Rate;

    public double Low => Difference - Math.Sqrt(Square(A.Rate - A.Low) + Square(B.High - B.Rate));

    public double High => Difference + Math.Sqrt(Square(A.High - A.Rate) + Square(B.Rate - B.Low));

    /// <summary>True when the whole interval lies on one side of zero: the data show a difference, not only noise.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    private static double Square(double x) => x * x;
}

using MatchModels.Training.Trainers;

namespace MatchModels.Training.Tests.Trainers;

public sealed class PlattCalibrationTests
{
    [Fact]
    public void Recovers_the_sigmoid_that_generated_the_labels()
    {
        // Labels drawn from p = sigmoid(2s - 1): with 40,000 rows the fit should land close to (2, -1).
        var random = new Random(3);
        var scores = new double[40_000];
        var labels = new bool[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = (random.NextDouble() * 6) - 3;
            labels[i] = random.NextDouble() < PlattCalibration.Sigmoid((2 * scores[i]) - 1);
        }

        PlattCalibration fit = PlattCalibration.Fit(scores, labels);

        Assert.InRange(fit.A, 1.9, 2.1);
        Assert.InRange(fit.B, -1.1, -0.9);
    }

    [Fact]
    public void Stays_finite_on_perfectly_separable_scores()
    {
        PlattCalibration fit = PlattCalibration.Fit([-2, -1, 1, 2], [false, false, true, true]);

        Assert.True(double.IsFinite(fit.A) && double.IsFinite(fit.B));
        // Platt's smoothed targets: with 2 positives the top target is 3/4, so the fit cannot promise certainty.
        Assert.InRange(fit.Apply(2), 0.7, 0.95);
        Assert.InRange(fit.Apply(-2), 0.05, 0.3);
    }

    [Fact]
    public void Sigmoid_is_exact_at_zero_and_symmetric()
    {
        Assert.Equal(0.5, PlattCalibration.Sigmoid(0));
        Assert.Equal(1 - PlattCalibration.Sigmoid(3), PlattCalibration.Sigmoid(-3), 15);
        Assert.Equal(0, PlattCalibration.Sigmoid(-1000));
    }
}

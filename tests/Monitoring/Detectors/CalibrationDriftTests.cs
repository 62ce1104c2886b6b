using MatchModels.Monitoring.Detectors;
using Xunit.Abstractions;

namespace MatchModels.Monitoring.Tests.Detectors;

public sealed class CalibrationDriftTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.3, true, 0.85)]
    [InlineData(0.3, false, 0.35)]
    [InlineData(0.0, false, 0.5)]
    [InlineData(1.0, true, 0.5)]
    [InlineData(0.0, true, 1.0)]
    [InlineData(1.0, false, 0.0)]
    public void The_residual_y_minus_p_is_mapped_onto_zero_to_one(double p, bool y, double expected) =>
        Assert.Equal(expected, CalibrationDrift.MappedResidual(p, y), 12);

    [Fact]
    public void Calibrated_predictions_raise_no_alarm()
    {
        // p uniform on [0.1, 0.6] and y ~ Bernoulli(p): the residual's mean is 0 throughout, its variance about 0.2.
        int alarms = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            (double[] p, bool[] y) = Calibrated(100_000, seed, shiftFrom: int.MaxValue, shift: 0);
            alarms += CalibrationDrift.Run(p, y).Count;
        }

        output.WriteLine($"calibration-drift false alarms over 5 × 100,000 calibrated predictions: {alarms}");
        Assert.Equal(0, alarms);
    }

    [Fact]
    public void A_step_in_the_residual_is_detected_where_the_bound_first_allows_it_in_both_directions()
    {
        // 1,000 residuals of 0 (mapped 0.5), then residuals of +1 (mapped 1) or −1 (mapped 0). With k new values the split at
        // the change has means 0.5 apart, m = 1/(1/1000 + 1/k), σ²_W = 0.25·1000·k/(1000 + k)², and ε_cut at δ = 0.002 first
        // falls below 0.5 at k = 23 (ε = 0.493; 0.511 at k = 22), so no alarm can come before position 1,022. Splits with
        // more new values have smaller mean differences and larger ε. The histogram has a bucket boundary 23 values back
        // then, so the alarm comes exactly there; the cut keeps the few old values that share a bucket with new ones.
        const int changeAt = 1_000;
        foreach ((double p, bool before, string direction) in new[] { (0.0, false, "better"), (1.0, true, "worse") })
        {
            // p = 0 with y = 0, then y = 1: residuals 0 then +1; p = 1 with y = 1, then y = 0: residuals 0 then −1.
            double[] probabilities = [.. Enumerable.Repeat(p, changeAt + 500)];
            bool[] labels = [.. Enumerable.Repeat(before, changeAt), .. Enumerable.Repeat(!before, 500)];

            DetectorAlarm alarm = Assert.Single(CalibrationDrift.Run(probabilities, labels));
            output.WriteLine($"outcomes {direction} than predicted: detected at {alarm.DetectedAt}, change placed at {alarm.ChangeAt}");
            Assert.Equal(changeAt + 22, alarm.DetectedAt);
            Assert.InRange(alarm.ChangeAt, changeAt - 16, changeAt);
        }
    }

    [Fact]
    public void A_calibration_shift_that_leaves_the_ranking_alone_is_detected()
    {
        // From value 5,000 outcomes succeed 15 points more often than predicted: the model ranks as well as before.
        const int changeAt = 5_000;
        for (int seed = 1; seed <= 5; seed++)
        {
            (double[] p, bool[] y) = Calibrated(10_000, seed, changeAt, shift: 0.15);
            IReadOnlyList<DetectorAlarm> alarms = CalibrationDrift.Run(p, y);

            Assert.DoesNotContain(alarms, a => a.DetectedAt < changeAt);
            Assert.NotEmpty(alarms);
            DetectorAlarm first = alarms[0];
            Assert.InRange(first.DetectedAt, changeAt, changeAt + 1_000);
            output.WriteLine($"seed {seed}: detected at {first.DetectedAt}, change placed at {first.ChangeAt}");
        }
    }

    [Fact]
    public void Probabilities_and_labels_must_pair_up_and_be_probabilities()
    {
        Assert.Throws<ArgumentException>(() => CalibrationDrift.Run([0.5, 0.5], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationDrift.Run([1.5], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationDrift.Run([0.5], [true], delta: 0));
    }

    /// <summary>p uniform on [0.1, 0.6]; y ~ Bernoulli(p), or Bernoulli(p + shift) from <paramref name="shiftFrom"/> on.</summary>
    private static (double[] P, bool[] Y) Calibrated(int length, int seed, int shiftFrom, double shift)
    {
        var random = new Random(seed);
        double[] p = new double[length];
        bool[] y = new bool[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = 0.1 + (0.5 * random.NextDouble());
            y[i] = random.NextDouble() < p[i] + (i >= shiftFrom ? shift : 0);
        }

        return (p, y);
    }
}

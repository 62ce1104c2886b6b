using MatchModels.Monitoring.Detectors;
using Xunit.Abstractions;

namespace MatchModels.Monitoring.Tests.Detectors;

public sealed class PageHinkleyTests(ITestOutputHelper output)
{
    [Fact]
    public void A_stationary_squared_error_stream_raises_no_alarm()
    {
        int alarms = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            alarms += PageHinkley.Run(LossStreams.CalibratedSquaredError(100_000, seed)).Count;
        }

        output.WriteLine($"Page-Hinkley false alarms over 5 × 100,000 stationary squared errors: {alarms}");
        Assert.Equal(0, alarms);
    }

    [Fact]
    public void With_the_defaults_a_high_variance_zero_one_loss_raises_a_false_alarm_every_few_ten_thousand_values()
    {
        // λ = 50 is in summed loss units: at a 30% error rate a 0/1 loss has variance 0.21, and the reflected sum crosses
        // 50 every few ten thousand values. This pins the rate docs/monitoring.md states; ADWIN, whose bound scales with
        // the variance, stays quiet on the very same streams (AdwinTests).
        int alarms = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            alarms += PageHinkley.Run(LossStreams.Bernoulli(100_000, 0.3, seed)).Count;
        }

        output.WriteLine($"Page-Hinkley false alarms over 5 × 100,000 stationary 0/1 losses at 30%: {alarms}");
        Assert.InRange(alarms, 5, 50);
    }

    [Fact]
    public void A_mean_shift_is_detected_within_a_bounded_delay()
    {
        const int changeAt = 5_000;
        for (int seed = 1; seed <= 5; seed++)
        {
            IReadOnlyList<DetectorAlarm> alarms = PageHinkley.Run(LossStreams.Shifted(10_000, 0.1, 0.4, changeAt, seed));

            Assert.DoesNotContain(alarms, a => a.DetectedAt < changeAt);
            DetectorAlarm first = alarms[0];
            Assert.InRange(first.DetectedAt, changeAt, changeAt + 500);
            // Before the change the sum drifts down by only δ per value, far less than the noise, so where it last reached
            // its minimum says little: the position is an estimate with a wide error, unlike ADWIN's.
            Assert.InRange(first.ChangeAt, 0, first.DetectedAt);
            output.WriteLine($"seed {seed}: detected at {first.DetectedAt}, change estimated at {first.ChangeAt}");
        }
    }

    [Fact]
    public void Forgetting_against_the_running_minimum_raises_false_alarms_that_the_textbook_test_does_not()
    {
        // A 10% 0/1 loss: with α = 0.9999 the sum hovers near −δ/(1 − α) = −50 while its minimum keeps its deepest dip.
        double[] stream = LossStreams.Bernoulli(100_000, 0.1, seed: 3);

        int forgetting = PageHinkley.Run(stream, new PageHinkleyOptions(Alpha: 0.9999)).Count;
        int textbook = PageHinkley.Run(stream).Count;

        output.WriteLine($"false alarms over 100,000 values: α = 0.9999 {forgetting}, α = 1 {textbook}");
        Assert.True(forgetting > 0, "forgetting raised no alarm");
        Assert.Equal(0, textbook);
    }

    [Fact]
    public void Statistic_worked_by_hand_without_forgetting()
    {
        // α = 1, δ = 0: values 0, 0, 2. Means 0, 0, 2/3; m = 0, 0, 4/3; the minimum stays 0 → PH = 4/3.
        var ph = new PageHinkley(new PageHinkleyOptions(Delta: 0, Lambda: 10, Alpha: 1, MinInstances: 3));

        Assert.Null(ph.Add(0));
        Assert.Null(ph.Add(0));
        Assert.Null(ph.Add(2));
        Assert.Equal(4.0 / 3.0, ph.Statistic, 1e-12);
    }

    [Fact]
    public void An_alarm_names_the_value_after_the_sums_minimum_and_restarts()
    {
        // α = 1, δ = 0, λ = 1: 0, 0, 2 gives m = 0, 0, 4/3 > 1; m last fell to its minimum 0 before the first value.
        var ph = new PageHinkley(new PageHinkleyOptions(Delta: 0, Lambda: 1, Alpha: 1, MinInstances: 3));
        ph.Add(0);
        ph.Add(0);

        DetectorAlarm? alarm = ph.Add(2);

        Assert.Equal(new DetectorAlarm(2, 0), alarm);
        Assert.Equal(0, ph.Statistic);
    }

    [Fact]
    public void Parameters_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageHinkley(new PageHinkleyOptions(Lambda: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageHinkley(new PageHinkleyOptions(Alpha: 1.5)));
    }
}

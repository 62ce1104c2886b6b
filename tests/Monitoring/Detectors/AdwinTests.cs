using MatchModels.Monitoring.Detectors;
using Xunit.Abstractions;

namespace MatchModels.Monitoring.Tests.Detectors;

public sealed class AdwinTests(ITestOutputHelper output)
{
    [Fact]
    public void A_stationary_stream_raises_no_alarm()
    {
        // Five seeds of 100,000 losses at a 30% error rate: 500,000 chances to raise a false alarm at δ = 0.002.
        int alarms = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            alarms += Adwin.Run(LossStreams.Bernoulli(100_000, 0.3, seed)).Count;
        }

        output.WriteLine($"ADWIN false alarms over 5 × 100,000 stationary values: {alarms}");
        Assert.Equal(0, alarms);
    }

    [Fact]
    public void A_mean_shift_is_detected_within_a_bounded_delay_and_located()
    {
        const int changeAt = 5_000;
        var delays = new List<long>();
        for (int seed = 1; seed <= 5; seed++)
        {
            IReadOnlyList<DetectorAlarm> alarms = Adwin.Run(LossStreams.Shifted(10_000, 0.2, 0.5, changeAt, seed));

            DetectorAlarm first = Assert.Single(alarms);
            Assert.InRange(first.DetectedAt, changeAt, changeAt + 500);
            Assert.InRange(first.ChangeAt, changeAt - 300, first.DetectedAt);
            delays.Add(first.DetectedAt - changeAt);
            output.WriteLine($"seed {seed}: detected at {first.DetectedAt}, change estimated at {first.ChangeAt}");
        }

        output.WriteLine($"ADWIN delays for a 0.2 → 0.5 shift: {string.Join(", ", delays)}");
    }

    [Fact]
    public void The_window_tracks_the_mean_and_shrinks_after_a_change()
    {
        var adwin = new Adwin();
        foreach (double x in LossStreams.Shifted(6_000, 0.1, 0.9, 3_000, seed: 9))
        {
            adwin.Add(x);
        }

        Assert.InRange(adwin.Width, 1, 3_200);
        Assert.InRange(adwin.Mean, 0.85, 0.95);
    }

    [Fact]
    public void A_delta_outside_zero_and_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adwin(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adwin(1));
    }
}

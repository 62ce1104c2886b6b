using MatchModels.NotebookKit.Statistics;

namespace MatchModels.Notebooks.Tests.NotebookKit.Statistics;

public sealed class ProportionTests
{
    [Fact]
    public void Wilson_interval_of_8_out_of_10_matches_the_hand_computed_one()
    {
        // p = 0.8, z² = 3.8415: centre (0.8 + 0.19207) / 1.38415 = 0.71679, half 1.95996 / 1.38415 · √(0.016 + 0.0096037) = 0.22660.
        Proportion p = Proportion.Of(8, 10);

        Assert.Equal(0.8, p.Rate);
        Assert.Equal(0.4902, p.Low, 4);
        Assert.Equal(0.9433, p.High, 4);
    }

    [Fact]
    public void Wilson_interval_of_no_successes_starts_at_zero_and_is_not_empty()
    {
        Proportion p = Proportion.Of(0, 10);

        Assert.Equal(0, p.Low);
        Assert.Equal(0.2775, p.High, 4);
    }

    [Fact]
    public void No_trials_has_no_rate_and_no_interval()
    {
        Proportion p = Proportion.Of(0, 0);

        Assert.True(double.IsNaN(p.Rate) && double.IsNaN(p.Low) && double.IsNaN(p.High));
    }

    [Fact]
    public void More_successes_than_trials_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(11, 10));
    }

    [Fact]
    public void Newcombe_difference_matches_his_worked_example()
    {
        // Newcombe (1998), Statistics in Medicine 17:873–890, Table II example (a): 56/70 − 48/80 = 0.2000, 95% CI 0.0524 to 0.3339.
        var d = new ProportionDifference(Proportion.Of(56, 70), Proportion.Of(48, 80));

        Assert.Equal(0.2, d.Difference, 10);
        Assert.Equal(0.0524, d.Low, 4);
        Assert.Equal(0.3339, d.High, 4);
        Assert.True(d.ExcludesZero);
    }

    [Fact]
    public void A_difference_inside_the_noise_does_not_exclude_zero()
    {
        var d = new ProportionDifference(Proportion.Of(6, 10), Proportion.Of(5, 10));

        Assert.True(d.Low < 0 && d.High > 0);
        Assert.False(d.ExcludesZero);
    }
}

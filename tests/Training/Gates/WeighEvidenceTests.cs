using MatchModels.Training.Gates;

namespace MatchModels.Training.Tests.Gates;

public sealed class WeighEvidenceTests
{
    [Theory]
    [InlineData(0.62, 0.70, GateOutcome.Pass)]
    [InlineData(0.60, 0.70, GateOutcome.Pass)]
    [InlineData(0.55, 0.65, GateOutcome.Inconclusive)]
    [InlineData(0.50, 0.60, GateOutcome.Inconclusive)]
    [InlineData(0.50, 0.59, GateOutcome.Fail)]
    public void A_minimum_passes_above_fails_below_and_is_inconclusive_across(double low, double high, GateOutcome expected)
    {
        Assert.Equal(expected, WeighEvidence.Decide(low, high, threshold: 0.60, higherIsBetter: true));
    }

    [Theory]
    [InlineData(0.02, 0.04, GateOutcome.Pass)]
    [InlineData(0.02, 0.05, GateOutcome.Pass)]
    [InlineData(0.03, 0.07, GateOutcome.Inconclusive)]
    [InlineData(0.05, 0.07, GateOutcome.Inconclusive)]
    [InlineData(0.06, 0.09, GateOutcome.Fail)]
    public void A_maximum_passes_below_fails_above_and_is_inconclusive_across(double low, double high, GateOutcome expected)
    {
        Assert.Equal(expected, WeighEvidence.Decide(low, high, threshold: 0.05, higherIsBetter: false));
    }

    [Fact]
    public void An_undefined_interval_is_inconclusive()
    {
        Assert.Equal(GateOutcome.Inconclusive, WeighEvidence.Decide(double.NaN, 0.7, 0.6, higherIsBetter: true));
    }

    [Theory]
    [InlineData(GateOutcome.Pass, GateOutcome.Pass, GateOutcome.Pass)]
    [InlineData(GateOutcome.Pass, GateOutcome.Inconclusive, GateOutcome.Inconclusive)]
    [InlineData(GateOutcome.Inconclusive, GateOutcome.Fail, GateOutcome.Fail)]
    [InlineData(GateOutcome.Fail, GateOutcome.Pass, GateOutcome.Fail)]
    public void Fail_outweighs_inconclusive_which_outweighs_pass(GateOutcome a, GateOutcome b, GateOutcome expected)
    {
        Assert.Equal(expected, WeighEvidence.Worse(a, b));
    }
}

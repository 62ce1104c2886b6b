namespace MatchModels.Training.Gates;

/// <summary>The tri-state decision of a gate from a 95% interval and a threshold (docs/adr/0010-gates-weigh-evidence.md).</summary>
public static class WeighEvidence
{
    /// <summary>
    /// For a "higher is better" gate (a minimum): pass when <paramref name="low"/> ≥ threshold, fail when
    /// <paramref name="high"/> &lt; threshold. For a maximum: pass when high ≤ threshold, fail when low &gt; threshold.
    /// Inconclusive otherwise, and whenever an end is NaN.
    /// </summary>
    public static GateOutcome Decide(double low, double high, double threshold, bool higherIsBetter)
    {
        if (double.IsNaN(low) || double.IsNaN(high) || double.IsNaN(threshold))
        {
            return GateOutcome.Inconclusive;
        }

        if (low > high)
        {
            throw new ArgumentException($"The interval [{low}, {high}] is upside down.", nameof(low));
        }

        return higherIsBetter
            ? low >= threshold ? GateOutcome.Pass : high < threshold ? GateOutcome.Fail : GateOutcome.Inconclusive
            : high <= threshold ? GateOutcome.Pass : low > threshold ? GateOutcome.Fail : GateOutcome.Inconclusive;
    }

    /// <summary>The worse of two outcomes: fail over inconclusive over pass.</summary>
    public static GateOutcome Worse(GateOutcome a, GateOutcome b) => (GateOutcome)Math.Max((int)a, (int)b);

    /// <summary>How the CLI and reports write an outcome: pass, fail, inconclusive.</summary>
    public static string Word(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Pass => "pass",
        GateOutcome.Fail => "fail",
        _ => "inconclusive",
    };
}

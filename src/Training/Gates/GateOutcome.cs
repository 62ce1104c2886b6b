namespace MatchModels.Training.Gates;

/// <summary>What the evidence says about one gate, or about a version's gates together.</summary>
public enum GateOutcome
{
    /// <summary>The 95% interval lies wholly on the right side of the threshold.</summary>
    Pass,

    /// <summary>The interval straddles the threshold, or there is nothing to measure (a fairness attribute that is not assessable): a person decides.</summary>
    Inconclusive,

    /// <summary>The interval lies wholly on the wrong side of the threshold.</summary>
    Fail,
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>How a drift method reads a column: as numbers on a line, or as labels whose order means nothing.</summary>
public enum FeatureKind
{
    /// <summary>Values on a line (amounts, counts, scores): distances and the KS test apply.</summary>
    Numerical,

    /// <summary>Codes of categories (a one-hot or 0/1 column, a category id): only the share of each value counts.</summary>
    Categorical,
}

namespace MatchModels.Monitoring.Statistics;

/// <summary>Every column's drift and the dataset's verdict: drifted when at least <see cref="DriftShare"/> of the columns drift.</summary>
public sealed record DatasetDriftResult(IReadOnlyList<FeatureDriftResult> Features, int DriftedFeatures, double DriftShare, bool Drifted)
{
    /// <summary>The share of columns that drifted.</summary>
    public double DriftedShare => Features.Count == 0 ? 0 : (double)DriftedFeatures / Features.Count;
}

/// <summary>The dataset-drift verdict over per-column results.</summary>
public static class DatasetDrift
{
    /// <summary>Drifted when drifted columns / all columns ≥ <see cref="DriftOptions.DriftShare"/>; no columns never drift.</summary>
    public static DatasetDriftResult Of(IReadOnlyList<FeatureDriftResult> features, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        double share = (options ?? DriftOptions.Default).DriftShare;
        if (share is <= 0 or > 1 || double.IsNaN(share))
        {
            throw new ArgumentOutOfRangeException(nameof(options), share, "the drift share must lie in (0, 1].");
        }

        int drifted = features.Count(f => f.Drifted);
        return new DatasetDriftResult(features, drifted, share, features.Count > 0 && drifted >= share * features.Count);
    }
}

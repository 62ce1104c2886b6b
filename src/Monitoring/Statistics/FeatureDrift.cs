namespace MatchModels.Monitoring.Statistics;

/// <summary>Scores one column's drift with its configured or default method and reads the score against its threshold.</summary>
public static class FeatureDrift
{
    /// <summary>
    /// The drift of column <paramref name="feature"/>. An empty reference or window gives a NaN score, which never counts as
    /// drift. Throws when the configured method does not accept the column's kind.
    /// </summary>
    public static FeatureDriftResult Evaluate(string feature, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, FeatureKind kind, DriftOptions? options = null)
    {
        options ??= DriftOptions.Default;
        FeatureDriftOptions own = options.Features.TryGetValue(feature, out FeatureDriftOptions? o) ? o : new FeatureDriftOptions();
        string? name = own.Method ?? options.Method;
        DriftMethod method = name is null ? DriftMethods.Default(kind, reference, current) : DriftMethods.ByName(name);
        if (!method.Accepts(kind))
        {
            throw new ArgumentException($"drift method '{method.Name}' does not apply to the {kind.ToString().ToLowerInvariant()} column '{feature}'.", nameof(options));
        }

        double threshold = own.Threshold ?? options.Threshold ?? method.DefaultThreshold;
        double score = method.Score(reference, current, kind);
        return new FeatureDriftResult(feature, method.Name, score, threshold, method.Rule, method.IsDrift(score, threshold));
    }
}

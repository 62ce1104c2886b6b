using MatchModels.Core.Features;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Statistics;
using Xunit.Abstractions;

namespace MatchModels.Monitoring.Tests.Multivariate;

public sealed class MultivariateDriftTests(ITestOutputHelper output)
{
    private static readonly FeatureKind[] s_kinds = [FeatureKind.Numerical, FeatureKind.Numerical, FeatureKind.Numerical];

    private static readonly FeatureMatrix s_reference = CorrelatedRows.Draw(5000, 0.8, seed: 1);

    [Fact]
    public void A_flipped_correlation_drifts_no_single_feature()
    {
        DatasetDriftResult perFeature = DataDrift.Compare(s_reference, CorrelatedRows.Draw(5000, -0.8, seed: 2), s_kinds);

        output.WriteLine(string.Join(", ", perFeature.Features.Select(f => $"{f.Feature} {f.Method} {f.Score:F3}")));
        Assert.Equal(0, perFeature.DriftedFeatures);
    }

    [Fact]
    public void The_domain_classifier_catches_a_flipped_correlation()
    {
        DomainClassifierResult flipped = DomainClassifier.Evaluate(s_reference, CorrelatedRows.Draw(5000, -0.8, seed: 2), seed: 3);

        output.WriteLine($"flipped: AUC {flipped.Auc:F3} ({string.Join(", ", flipped.FoldAucs.Select(a => a.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))})");
        Assert.True(flipped.Drifted);
        Assert.InRange(flipped.Auc, 0.7, 1);
        Assert.Equal(5, flipped.FoldAucs.Count);
    }

    [Fact]
    public void The_domain_classifier_stays_quiet_on_the_same_distribution()
    {
        DomainClassifierResult same = DomainClassifier.Evaluate(s_reference, CorrelatedRows.Draw(5000, 0.8, seed: 4), seed: 3);

        output.WriteLine($"same: AUC {same.Auc:F3}");
        Assert.False(same.Drifted);
        Assert.InRange(same.Auc, 0.45, 0.55);
    }

    [Fact]
    public void Without_interactions_the_linear_classifier_misses_the_flip()
    {
        // The companion of the test above: the products are what lets a linear model see a change in correlation.
        var linear = new DomainClassifierOptions(Interactions: false);

        DomainClassifierResult flipped = DomainClassifier.Evaluate(s_reference, CorrelatedRows.Draw(5000, -0.8, seed: 2), seed: 3, linear);

        Assert.False(flipped.Drifted, $"AUC {flipped.Auc}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_auc()
    {
        FeatureMatrix window = CorrelatedRows.Draw(800, 0.5, seed: 5);

        Assert.Equal(DomainClassifier.Evaluate(s_reference, window, seed: 9).Auc, DomainClassifier.Evaluate(s_reference, window, seed: 9).Auc);
    }

    [Fact]
    public void Pca_reconstruction_error_leaves_its_band_when_the_correlation_flips()
    {
        PcaReconstructionModel model = PcaReconstruction.Fit(s_reference);

        PcaDriftResult same = PcaReconstruction.Evaluate(model, CorrelatedRows.Draw(1000, 0.8, seed: 6));
        PcaDriftResult flipped = PcaReconstruction.Evaluate(model, CorrelatedRows.Draw(1000, -0.8, seed: 7));

        output.WriteLine($"components {model.Components.Length}; same {same.Error:F3} in [{same.Lower:F3}, {same.Upper:F3}]; flipped {flipped.Error:F3}");
        // Variances 1.8, 1, 0.2 of 3: the first axis alone explains 60%, two are needed for 65%.
        Assert.Equal(2, model.Components.Length);
        Assert.False(same.Drifted);
        Assert.True(flipped.Drifted);
        Assert.True(flipped.Error > flipped.Upper);
    }

    [Fact]
    public void Reconstruction_keeping_every_component_is_exact()
    {
        PcaReconstructionModel model = PcaReconstruction.Fit(s_reference, varianceKept: 1);

        Assert.All(PcaReconstruction.RowErrors(model, CorrelatedRows.Draw(50, -0.8, seed: 8)), e => Assert.Equal(0, e, 1e-9));
    }
}

using MatchModels.Core.Features;
using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Tests.Statistics;

public sealed class FeatureDriftTests
{
    [Fact]
    public void A_shifted_column_drifts_by_its_default_method_and_an_unshifted_one_does_not()
    {
        double[] reference = KolmogorovSmirnovTests.Normals(5000, seed: 1, shift: 0);

        FeatureDriftResult same = FeatureDrift.Evaluate("x", reference, KolmogorovSmirnovTests.Normals(5000, seed: 2, shift: 0), FeatureKind.Numerical);
        FeatureDriftResult shifted = FeatureDrift.Evaluate("x", reference, KolmogorovSmirnovTests.Normals(5000, seed: 3, shift: 0.3), FeatureKind.Numerical);

        Assert.Equal("wasserstein", same.Method);
        Assert.False(same.Drifted, $"score {same.Score}");
        Assert.True(shifted.Drifted, $"score {shifted.Score}");
        Assert.InRange(shifted.Score, 0.2, 0.4);
    }

    [Fact]
    public void A_column_override_beats_the_global_one_and_the_default()
    {
        var options = new DriftOptions
        {
            Method = "psi",
            Threshold = 0.5,
            Features = new Dictionary<string, FeatureDriftOptions> { ["x"] = new("jensenshannon", 0.01) },
        };

        FeatureDriftResult x = FeatureDrift.Evaluate("x", [1.0, 2], [1.0, 1, 1], FeatureKind.Categorical, options);
        FeatureDriftResult y = FeatureDrift.Evaluate("y", [1.0, 2], [1.0, 1, 1], FeatureKind.Categorical, options);

        Assert.Equal(("jensenshannon", 0.01, true), (x.Method, x.Threshold, x.Drifted));
        Assert.Equal(("psi", 0.5, true), (y.Method, y.Threshold, y.Drifted));
    }

    [Fact]
    public void A_method_that_does_not_fit_the_column_kind_is_refused()
    {
        var options = new DriftOptions { Method = "wasserstein" };

        Assert.Throws<ArgumentException>(() => FeatureDrift.Evaluate("dept", [1.0, 2], [1.0], FeatureKind.Categorical, options));
    }

    [Fact]
    public void An_empty_window_scores_nan_and_does_not_drift()
    {
        FeatureDriftResult r = FeatureDrift.Evaluate("x", [1.0, 2, 3, 4, 5, 6, 7], [], FeatureKind.Numerical);

        Assert.True(double.IsNaN(r.Score));
        Assert.False(r.Drifted);
    }

    [Theory]
    [InlineData("ks")]
    [InlineData("wasserstein")]
    [InlineData("jensenshannon")]
    [InlineData("psi")]
    public void Missing_values_are_skipped_and_an_all_missing_window_scores_nan(string method)
    {
        double[] reference = [.. Enumerable.Range(0, 40).Select(i => (double)i)];
        double[] withGaps = [.. reference.Select(x => x % 10 == 0 ? double.NaN : x)];
        var options = new DriftOptions { Method = method };

        FeatureDriftResult gaps = FeatureDrift.Evaluate("x", reference, withGaps, FeatureKind.Numerical, options);
        FeatureDriftResult missing = FeatureDrift.Evaluate("x", reference, [double.NaN, double.NaN], FeatureKind.Numerical, options);

        Assert.True(double.IsFinite(gaps.Score), $"{method} scored {gaps.Score}");
        Assert.True(double.IsNaN(missing.Score), $"{method} scored {missing.Score}");
        Assert.False(missing.Drifted);
    }

    [Theory]
    [InlineData(2, 4, 0.5, true)]
    [InlineData(1, 4, 0.5, false)]
    [InlineData(2, 4, 0.75, false)]
    [InlineData(3, 4, 0.75, true)]
    public void The_dataset_drifts_when_the_share_of_drifted_columns_reaches_the_drift_share(int drifted, int columns, double share, bool expected)
    {
        var features = Enumerable.Range(0, columns)
            .Select(i => new FeatureDriftResult($"f{i}", "ks", 0, 0.05, DriftRule.PValueAtMost, i < drifted))
            .ToList();

        DatasetDriftResult r = DatasetDrift.Of(features, new DriftOptions { DriftShare = share });

        Assert.Equal(expected, r.Drifted);
        Assert.Equal(drifted, r.DriftedFeatures);
    }

    [Fact]
    public void Data_drift_compares_every_column_of_the_feature_rows()
    {
        // Two columns, 2,000 rows: the first shifts by one reference standard deviation, the second (binary) keeps its share.
        var random = new Random(5);
        FeatureMatrix Rows(double shift)
        {
            float[] values = new float[2000 * 2];
            for (int r = 0; r < 2000; r++)
            {
                values[2 * r] = (float)(shift + random.NextDouble());
                values[(2 * r) + 1] = random.NextDouble() < 0.3 ? 1 : 0;
            }

            return new FeatureMatrix(["tenure", "same_site"], values, 2000);
        }

        DatasetDriftResult r = DataDrift.Compare(Rows(0), Rows(Math.Sqrt(1.0 / 12)), [FeatureKind.Numerical, DataDrift.KindOf(FeatureType.Binary)]);

        Assert.Equal(["wasserstein", "jensenshannon"], r.Features.Select(f => f.Method));
        Assert.Equal([true, false], r.Features.Select(f => f.Drifted));
        Assert.True(r.Drifted);
        Assert.InRange(r.Features[0].Score, 0.9, 1.1);
    }

    [Fact]
    public void Data_drift_reports_a_bad_configuration_as_the_argument_error_itself()
    {
        var rows = new FeatureMatrix(["department"], [1, 2, 1, 3], 4);

        var e = Assert.Throws<ArgumentException>(() => DataDrift.Compare(rows, rows, [FeatureKind.Categorical], new DriftOptions { Method = "wasserstein" }));

        Assert.Contains("department", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_drift_tests_the_scores_as_a_numerical_column()
    {
        double[] reference = [.. Enumerable.Range(0, 500).Select(i => i / 500.0)];
        double[] current = [.. reference.Select(p => Math.Min(1, p + 0.2))];

        FeatureDriftResult r = PredictionDrift.Evaluate(reference, current);

        Assert.Equal((PredictionDrift.Column, "ks", true), (r.Feature, r.Method, r.Drifted));
    }
}

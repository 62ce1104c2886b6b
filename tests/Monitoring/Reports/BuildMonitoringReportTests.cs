using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;
using static MatchModels.Monitoring.Tests.Reports.ReportInputs;

namespace MatchModels.Monitoring.Tests.Reports;

public sealed class BuildMonitoringReportTests
{
    [Fact]
    public void Flags_the_shifted_feature_in_the_shifted_window_only()
    {
        List<PredictionRecord> log = [.. Rows(Day1, 500, 0, seed: 2, "s"), .. Rows(Day1.AddDays(1), 500, 1.0, seed: 3, "d")];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log));

        Assert.Equal(["2025-03-03", "2025-03-04"], report.Windows.Select(w => w.Label));
        WindowReport stationary = report.Windows[0], shifted = report.Windows[1];
        Assert.All(stationary.DataDrift!.Features, f => Assert.False(f.Drifted, $"{f.Feature} {f.Method} {f.Score}"));
        Assert.Equal("wasserstein", shifted.DataDrift!.Features[0].Method);
        Assert.True(shifted.DataDrift.Features[0].Drifted);
        Assert.InRange(shifted.DataDrift.Features[0].Score, 0.8, 1.2); // W₁ of a unit shift over σ = 1
        Assert.False(shifted.DataDrift.Features[1].Drifted);
        Assert.True(shifted.DataDrift.Drifted); // 1 of 2 columns reaches the 0.5 share
        Assert.False(stationary.Multivariate!.Drifted);
        Assert.True(shifted.Multivariate!.Drifted);
        Assert.Equal("a", Assert.Single(report.LatestDistributions).Feature);
        Assert.Equal(ReferenceSource.Sample, report.Reference.Source);
    }

    [Fact]
    public void Skips_and_counts_rows_of_other_models_and_versions_and_keeps_its_own_shadow_rows()
    {
        List<PredictionRecord> log =
        [
            .. Rows(Day1, 40, 0, 2, "own"),
            .. Rows(Day1, 5, 0, 3, "own-shadow", role: PredictionRecord.ShadowRole),
            .. Rows(Day1, 7, 5.0, 4, "other-model", model: "dropout"),
            .. Rows(Day1, 3, 5.0, 5, "v1", version: 1),
            .. Rows(Day1, 2, 5.0, 6, "v3-shadow", version: 3, role: PredictionRecord.ShadowRole),
        ];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log));

        Assert.Equal(57, report.Log.RowsRead);
        Assert.Equal(45, report.Log.Monitored);
        Assert.Equal(5, report.Log.MonitoredShadow);
        Assert.Equal(7, report.Log.OtherModels);
        Assert.Equal(7, report.Log.OtherModelRows["dropout"]);
        Assert.Equal(5, report.Log.OtherVersions);
        Assert.Equal(3, report.Log.OtherVersionRows[1]);
        Assert.Equal(2, report.Log.OtherVersionRows[3]);
        Assert.Equal(45, Assert.Single(report.Windows).Rows);
        Assert.Contains(report.Notes, n => n.Contains("12 log row(s) of other models or versions were skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_an_empty_window_between_two_days_without_computing_anything_for_it()
    {
        List<PredictionRecord> log = [.. Rows(Day1, 50, 0, 2, "x"), .. Rows(Day1.AddDays(2), 50, 0, 3, "y")];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log));

        Assert.Equal(3, report.Windows.Count);
        WindowReport gap = report.Windows[1];
        Assert.True(gap.Empty);
        Assert.Equal(0, gap.Rows);
        Assert.Null(gap.DataDrift);
        Assert.Null(gap.Estimated);
        Assert.Contains(report.Notes, n => n.StartsWith("1 window(s) hold no prediction", StringComparison.Ordinal));
        Assert.Contains("empty window", WriteMonitoringReport.Html(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Measures_realised_auc_on_joined_rows_and_runs_the_detectors_on_their_squared_error()
    {
        // Positives at 0.9 and 0.3, negatives at 0.8 and 0.2: 3 of the 4 positive-negative pairs are ordered, AUC 0.75.
        double[] p = [0.9, 0.8, 0.3, 0.2];
        bool[] y = [true, false, true, false];
        List<PredictionRecord> log = [.. Rows(Day1, 4, 0, 2, "q").Select((r, i) => r with { Probability = p[i] })];
        LabelledOutcome[] outcomes = [.. Enumerable.Range(0, 4).Select(i => new LabelledOutcome($"q-{i}", null, y[i], Day1.AddDays(10), "test"))];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log, outcomes));

        WindowReport w = Assert.Single(report.Windows);
        Assert.Equal(4, w.Labelled);
        Assert.Equal(0.75, w.Realised!.Auc.Estimate, 12);
        Assert.Equal(0.5, w.Realised.BaseRate.Estimate, 12);
        // Brier: (0.01 + 0.64 + 0.49 + 0.04) / 4 = 0.295.
        Assert.Equal(0.295, w.Realised.Brier.Estimate, 12);
        Assert.Equal(4, report.Detectors.Values);
        Assert.Equal("squared_error", report.Detectors.Loss);
        Assert.Equal(0.295, report.Detectors.LossTrace.Average(), 12);
        Assert.Empty(report.Detectors.Adwin);
        Assert.NotNull(w.Estimated);
        // Residuals y − p: 0.1, −0.8, 0.7, −0.2, mean −0.05; the calibration detector is on at ADWIN's δ by default.
        Assert.Equal(0.002, report.Detectors.Calibration!.Delta);
        Assert.Equal(-0.05, report.Detectors.Calibration.ResidualTrace.Average(), 12);
        Assert.Empty(report.Detectors.Calibration.Alarms);
    }

    [Fact]
    public void Places_a_calibration_alarm_in_the_window_it_was_detected_in_and_can_be_turned_off()
    {
        // Day 1: 1,000 rows at p = 0.2 whose outcomes are all failures (residual −0.2); day 2: 200 rows at p = 0.2 that all
        // succeed (residual +0.8). The squared error rises too, but only the residual's detector is asked about here.
        List<PredictionRecord> log = [.. Rows(Day1, 1_000, 0, 2, "a").Concat(Rows(Day1.AddDays(1), 200, 0, 3, "b")).Select(r => r with { Probability = 0.2 })];
        LabelledOutcome[] outcomes = [.. log.Select(r => new LabelledOutcome(r.PairId, null, r.PairId!.StartsWith('b'), Day1.AddDays(30), "test"))];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log, outcomes, window: WindowSpec.Day));
        LossAlarm alarm = report.Detectors.Calibration!.Alarms[0];
        Assert.Equal(report.Windows[1].Label, alarm.DetectedInWindow);
        Assert.InRange(alarm.DetectedAt, 1_000, 1_199);
        Assert.Contains("Calibration drift", WriteMonitoringReport.Html(report), StringComparison.Ordinal);
        Assert.Contains("\"calibration\": {", WriteMonitoringReport.ToJson(report), StringComparison.Ordinal);

        MonitoringReport off = BuildMonitoringReport.Run(Input(log, outcomes, window: WindowSpec.Day) with { CalibrationDelta = null });
        Assert.Null(off.Detectors.Calibration);
        Assert.Contains("calibration: off", WriteMonitoringReport.Html(off), StringComparison.Ordinal);
    }

    [Fact]
    public void Falls_back_to_the_summary_deciles_and_says_so()
    {
        ReferenceSample sample = Sample();
        FeatureReference profile = FeatureReference.Compute(Names, sample.Features.Values, sample.Features.Rows);
        List<PredictionRecord> log = [.. Rows(Day1, 400, 0, 2, "s"), .. Rows(Day1.AddDays(1), 400, 1.0, 3, "d")];

        MonitoringReport report = BuildMonitoringReport.Run(Input(log, sample: null, profile: profile));

        Assert.Equal(ReferenceSource.Deciles, report.Reference.Source);
        Assert.Contains(report.Notes, n => n.Contains("no reference sample", StringComparison.Ordinal));
        Assert.All(report.Windows, w => Assert.All(w.DataDrift!.Features, f => Assert.Equal("psi", f.Method)));
        Assert.False(report.Windows[0].DataDrift!.Features[0].Drifted);
        Assert.True(report.Windows[1].DataDrift!.Features[0].Drifted);
        Assert.All(report.Windows, w => Assert.Null(w.PredictionDrift));
        Assert.All(report.Windows, w => Assert.Null(w.Multivariate));
        Assert.Equal(10, Assert.Single(report.LatestDistributions).ReferenceShares.Length);
    }

    [Fact]
    public void Cuts_count_windows_and_checks_prediction_drift_against_the_out_of_fold_probabilities()
    {
        List<PredictionRecord> stationary = Rows(Day1, 300, 0, 2, "s");
        List<PredictionRecord> high = [.. Rows(Day1.AddDays(1), 300, 0, 3, "h").Select(r => r with { Probability = 0.95 })];

        MonitoringReport report = BuildMonitoringReport.Run(Input([.. stationary, .. high], window: WindowSpec.EveryRows(300)));

        Assert.Equal(["rows 1-300", "rows 301-600"], report.Windows.Select(w => w.Label));
        Assert.Equal(PredictionDrift.Column, report.Windows[0].PredictionDrift!.Feature);
        Assert.False(report.Windows[0].PredictionDrift!.Drifted);
        Assert.True(report.Windows[1].PredictionDrift!.Drifted);
    }

    [Fact]
    public void Places_rows_by_their_as_of_when_asked_and_sets_aside_rows_without_one()
    {
        // A batch run on one day replays pairs decided on two earlier days; the second day's pairs are shifted.
        DateTime ran = Day1.AddDays(20);
        List<PredictionRecord> early = [.. Rows(ran, 400, 0, 2, "e").Select(r => r with { AsOfUtc = Day1 })];
        List<PredictionRecord> late = [.. Rows(ran, 400, 3, 3, "l").Select(r => r with { AsOfUtc = Day1.AddDays(1) })];
        List<PredictionRecord> served = Rows(ran, 5, 0, 4, "s");
        // Observed after the pair's as_of but before the batch ran: it labels the row only when as_of is the row's time.
        LabelledOutcome[] outcomes = [.. early.Take(100).Select((r, i) => new LabelledOutcome(r.PairId, null, i % 2 == 0, Day1.AddDays(2), "test"))];

        MonitoringReport byLogged = BuildMonitoringReport.Run(Input([.. early, .. late, .. served], outcomes));
        MonitoringReport byAsOf = BuildMonitoringReport.Run(Input([.. early, .. late, .. served], outcomes) with { Time = RowTime.AsOf, SinceUtc = Day1 });

        Assert.Equal("logged", byLogged.Time);
        Assert.Single(byLogged.Windows);
        Assert.Equal(0, byLogged.Outcomes.JoinedRows);
        Assert.Equal("as-of", byAsOf.Time);
        Assert.Equal(["2025-03-03", "2025-03-04"], byAsOf.Windows.Select(w => w.Label));
        Assert.False(byAsOf.Windows[0].DataDrift!.Features[0].Drifted);
        Assert.True(byAsOf.Windows[1].DataDrift!.Features[0].Drifted);
        Assert.Equal(100, byAsOf.Outcomes.JoinedRows);
        Assert.Equal((800, 5), (byAsOf.Log.Monitored, byAsOf.Log.WithoutAsOf));
        Assert.Contains(byAsOf.Notes, n => n.Contains("5 row(s) without an as_of", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_the_row_time_words_and_refuses_others()
    {
        Assert.Equal(RowTime.AsOf, RowTimes.Parse(" As-Of "));
        Assert.Equal(RowTime.Logged, RowTimes.Parse("logged"));
        Assert.Contains("expected logged or as-of", Assert.Throws<FormatException>(() => RowTimes.Parse("asof")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_json_with_null_for_undefined_statistics_and_a_self_contained_html()
    {
        // One row: the domain classifier has too few rows for its folds, so its AUC is NaN.
        MonitoringReport report = BuildMonitoringReport.Run(Input(Rows(Day1, 1, 0, 2, "one")));

        string json = WriteMonitoringReport.ToJson(report);
        string html = WriteMonitoringReport.Html(report);

        Assert.Contains("\"auc\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
    }
}

using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Reports;

namespace MatchModels.Monitoring.Tests.Alerts;

public sealed class EvaluateAlertRulesTests
{
    [Fact]
    public void Dataset_drift_fires_on_the_shifted_window_only_and_names_the_drifted_feature()
    {
        MonitoringReport report = AlertTestReports.ShiftOnDayTwo();

        Alert alert = Assert.Single(EvaluateAlertRules.Run(report, [new AlertRule("drift", AlertKind.DatasetDrift)]));

        Assert.Equal(report.Windows[1].Label, alert.Window);
        Assert.Contains("1 of 2 features drifted (a)", alert.Summary, StringComparison.Ordinal);
        Assert.Equal(1, alert.Evidence["drifted_features"]);
        Assert.Equal(Alert.IdOf("m", 2, "drift", alert.Window), alert.Id);
    }

    [Fact]
    public void The_same_report_gives_the_same_ids_and_a_different_rule_name_or_window_another()
    {
        MonitoringReport report = AlertTestReports.ShiftOnDayTwo();

        Alert first = Assert.Single(EvaluateAlertRules.Run(report, [new AlertRule("drift", AlertKind.DatasetDrift)]));
        Alert again = Assert.Single(EvaluateAlertRules.Run(AlertTestReports.ShiftOnDayTwo(), [new AlertRule("drift", AlertKind.DatasetDrift)]));
        Alert renamed = Assert.Single(EvaluateAlertRules.Run(report, [new AlertRule("drift2", AlertKind.DatasetDrift)]));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, renamed.Id);
        Assert.NotEqual(first.Id, Alert.IdOf("m", 2, "drift", report.Windows[0].Label));
        Assert.NotEqual(first.Id, Alert.IdOf("m", 3, "drift", first.Window));
    }

    [Fact]
    public void A_realised_auc_drop_fires_with_enough_labels_and_not_below_the_minimum()
    {
        MonitoringReport report = AlertTestReports.LabelsIgnoreTheScores();
        WindowReport w = Assert.Single(report.Windows);
        Assert.True(0.7 - w.Realised!.Auc.Estimate >= 0.05, $"the fixture's AUC {w.Realised.Auc.Estimate} should be well below 0.7");

        Alert alert = Assert.Single(EvaluateAlertRules.Run(report, [new AlertRule("auc", AlertKind.RealisedAucDrop, Delta: 0.05, MinLabels: 400)]));
        IReadOnlyList<Alert> tooFew = EvaluateAlertRules.Run(report, [new AlertRule("auc", AlertKind.RealisedAucDrop, Delta: 0.05, MinLabels: 401)]);
        IReadOnlyList<Alert> smallDrop = EvaluateAlertRules.Run(report, [new AlertRule("auc", AlertKind.RealisedAucDrop, Delta: 0.7 - w.Realised.Auc.Estimate + 0.001, MinLabels: 10)]);

        Assert.Equal(0.7, alert.Evidence["test_auc"]);
        Assert.Equal(400, alert.Evidence["labels"]);
        Assert.Empty(tooFew);
        Assert.Empty(smallDrop);
    }

    [Fact]
    public void An_estimated_auc_floor_fires_only_below_it()
    {
        MonitoringReport report = AlertTestReports.LabelsIgnoreTheScores();
        double estimated = Assert.Single(report.Windows).Estimated!.Auc;

        Assert.Single(EvaluateAlertRules.Run(report, [new AlertRule("floor", AlertKind.EstimatedAucBelow, Floor: estimated + 0.01)]));
        Assert.Empty(EvaluateAlertRules.Run(report, [new AlertRule("floor", AlertKind.EstimatedAucBelow, Floor: estimated - 0.01)]));
    }

    [Fact]
    public void Detector_alarms_give_one_alert_per_window_they_were_detected_in()
    {
        MonitoringReport report = AlertTestReports.ShiftOnDayTwo();
        string day1 = report.Windows[0].Label;
        string day2 = report.Windows[1].Label;
        var at = report.Windows[1].Start;
        report = report with
        {
            Detectors = report.Detectors with
            {
                Adwin = [new LossAlarm(700, 650, at, at, day2, day2)],
                PageHinkley = [new LossAlarm(720, 600, at, at, day2, day1), new LossAlarm(100, 90, at, at, day1, day1)],
            },
        };

        IReadOnlyList<Alert> alerts = EvaluateAlertRules.Run(report, [new AlertRule("detector", AlertKind.DetectorAlarm)]);

        Assert.Equal([day1, day2], alerts.Select(a => a.Window));
        Assert.Equal(2, alerts[1].Evidence["alarms"]);
        Assert.Contains("ADWIN detected a change in the squared error at label 700", alerts[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stationary_report_raises_nothing_under_the_default_rules()
    {
        // 3,000 rows: with one of only two features drifting by chance (normed Wasserstein ≥ 0.1) the dataset would drift,
        // and a smaller window's sampling noise gets near that.
        MonitoringReport report = BuildMonitoringReport.Run(Reports.ReportInputs.Input(Reports.ReportInputs.Rows(Reports.ReportInputs.Day1, 3000, 0, 9, "s")));

        Assert.Empty(EvaluateAlertRules.Run(report, AlertRule.Defaults).Select(a => a.Summary));
    }
}

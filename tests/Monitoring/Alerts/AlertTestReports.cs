using MatchModels.Core.PredictionLog;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Tests.Reports;

namespace MatchModels.Monitoring.Tests.Alerts;

/// <summary>Reports to raise alerts from, built by the real report code over <see cref="ReportInputs"/>' model "m":2 (test roc_auc 0.7).</summary>
internal static class AlertTestReports
{
    /// <summary>Day 1 like the reference; day 2 with feature a shifted by one standard deviation (one of two features: dataset drift at the 0.5 share).</summary>
    public static MonitoringReport ShiftOnDayTwo()
    {
        List<PredictionRecord> log = [.. ReportInputs.Rows(ReportInputs.Day1, 600, 0, 1, "d1"), .. ReportInputs.Rows(ReportInputs.Day1.AddDays(1), 600, 1.0, 2, "d2")];
        return BuildMonitoringReport.Run(ReportInputs.Input(log));
    }

    /// <summary>One day of 400 rows whose outcomes ignore the probabilities (realised AUC near 0.5, against a test AUC of 0.7).</summary>
    public static MonitoringReport LabelsIgnoreTheScores()
    {
        List<PredictionRecord> log = ReportInputs.Rows(ReportInputs.Day1, 400, 0, 3, "c");
        var random = new Random(5);
        LabelledOutcome[] outcomes = [.. log.Select(r => new LabelledOutcome(r.PairId, null, random.NextDouble() < 0.5, ReportInputs.Day1.AddDays(5), "test"))];
        return BuildMonitoringReport.Run(ReportInputs.Input(log, outcomes));
    }
}

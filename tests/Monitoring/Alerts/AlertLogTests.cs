using MatchModels.Monitoring.Alerts;

namespace MatchModels.Monitoring.Tests.Alerts;

public sealed class AlertLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mm-alerts-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<Alert> Found() =>
        EvaluateAlertRules.Run(AlertTestReports.ShiftOnDayTwo(), [new AlertRule("drift", AlertKind.DatasetDrift), new AlertRule("prediction", AlertKind.PredictionDrift)]);

    [Fact]
    public void An_alert_is_recorded_once_however_often_it_is_found()
    {
        var log = new AlertLog(_folder);
        IReadOnlyList<Alert> found = Found();
        Assert.NotEmpty(found);

        IReadOnlyList<Alert> first = log.Record(found);
        IReadOnlyList<Alert> second = log.Record(Found());

        Assert.Equal(found.Select(a => a.Id), first.Select(a => a.Id));
        Assert.Empty(second);
        Assert.Equal(found.Count, File.ReadAllLines(log.AlertsPath).Length);
        Assert.Equal(found.Select(a => a.Summary), log.Alerts().Alerts.Select(a => a.Summary));
    }

    [Fact]
    public void Two_writers_at_once_record_each_alert_once()
    {
        var log = new AlertLog(_folder);
        IReadOnlyList<Alert> found = Found();

        Parallel.For(0, 8, _ => new AlertLog(_folder).Record(found));

        Assert.Equal(found.Count, log.Alerts().Alerts.Count);
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_skipped_and_the_next_record_starts_on_its_own_line()
    {
        var log = new AlertLog(_folder);
        IReadOnlyList<Alert> found = Found();
        log.Record([found[0]]);
        File.AppendAllText(log.AlertsPath, "{\"id\":\"torn");

        log.Record(found);

        (IReadOnlyList<Alert> alerts, int damaged) = log.Alerts();
        Assert.Equal(1, damaged);
        Assert.Equal(found.Select(a => a.Id), alerts.Select(a => a.Id));
    }
}

using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Reports;

namespace MatchModels.Monitoring.Tests.Alerts;

public sealed class RaiseAlertsTests : IDisposable
{
    private static readonly RetryPolicy s_quick = new(2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mm-raise-" + Guid.NewGuid().ToString("N"));
    private readonly LoopbackReceiver _receiver = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _receiver.Dispose();
        _http.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<RaisedAlerts> Run(MonitoringReport report, params WebhookTarget[] targets) =>
        new RaiseAlerts(new DeliverAlerts(_http, TimeProvider.System)).RunAsync(report, AlertRule.Defaults, new AlertLog(_folder), targets, s_quick, report.GeneratedAtUtc);

    [Fact]
    public async Task A_second_run_over_the_same_evidence_raises_and_sends_nothing_new()
    {
        var target = new WebhookTarget("ops", _receiver.Url, WebhookFormat.Generic, "k");
        RaisedAlerts first = await Run(AlertTestReports.ShiftOnDayTwo(), target);
        int sent = _receiver.Requests.Count;

        RaisedAlerts second = await Run(AlertTestReports.ShiftOnDayTwo(), target);

        Assert.NotEmpty(first.New);
        Assert.Equal(first.New.Count, sent);
        Assert.All(first.Deliveries, d => Assert.True(d.Delivered));
        Assert.Empty(second.New);
        Assert.Equal(first.New.Select(a => a.Id), second.Repeated.Select(a => a.Id));
        Assert.Empty(second.Deliveries);
        Assert.Equal(sent, _receiver.Requests.Count);
        Assert.Equal(first.New.Count, new AlertLog(_folder).Deliveries().Deliveries.Count);
    }

    [Fact]
    public async Task An_alert_a_receiver_missed_while_down_is_sent_when_it_is_back()
    {
        var down = new WebhookTarget("ops", LoopbackReceiver.Nowhere(), WebhookFormat.Slack);
        RaisedAlerts first = await Run(AlertTestReports.ShiftOnDayTwo(), down);

        RaisedAlerts second = await Run(AlertTestReports.ShiftOnDayTwo(), down with { Url = _receiver.Url });
        RaisedAlerts third = await Run(AlertTestReports.ShiftOnDayTwo(), down with { Url = _receiver.Url });

        Assert.NotEmpty(first.New);
        Assert.All(first.Deliveries, d => Assert.False(d.Delivered));
        Assert.Empty(second.New);
        Assert.Equal(first.New.Select(a => a.Id), second.Deliveries.Select(d => d.AlertId));
        Assert.All(second.Deliveries, d => Assert.True(d.Delivered));
        Assert.Empty(third.Deliveries);
        Assert.Equal(first.New.Count, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Alerts_are_recorded_without_any_webhook()
    {
        RaisedAlerts raised = await Run(AlertTestReports.ShiftOnDayTwo());

        Assert.NotEmpty(raised.New);
        Assert.Empty(raised.Deliveries);
        Assert.Equal(raised.New.Count, new AlertLog(_folder).Alerts().Alerts.Count);
    }
}

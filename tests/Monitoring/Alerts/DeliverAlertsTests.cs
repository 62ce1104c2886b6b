using System.Text.Json;
using MatchModels.Monitoring.Alerts;

namespace MatchModels.Monitoring.Tests.Alerts;

/// <summary>Webhook delivery against a real HTTP receiver on loopback.</summary>
public sealed class DeliverAlertsTests : IDisposable
{
    private static readonly RetryPolicy s_quick = new(3, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
    private readonly LoopbackReceiver _receiver = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _receiver.Dispose();
        _http.Dispose();
    }

    private static Alert OneAlert() => EvaluateAlertRules.Run(AlertTestReports.ShiftOnDayTwo(), [new AlertRule("drift", AlertKind.DatasetDrift)])[0];

    private Task<IReadOnlyList<DeliveryRecord>> Send(WebhookTarget target, RetryPolicy? retry = null) =>
        new DeliverAlerts(_http, TimeProvider.System).RunAsync([OneAlert()], [target], retry ?? s_quick);

    [Fact]
    public async Task A_generic_payload_carries_the_alert_and_a_signature_the_receiver_can_check()
    {
        DeliveryRecord d = Assert.Single(await Send(new WebhookTarget("ops", _receiver.Url, WebhookFormat.Generic, "s3cret")));

        LoopbackReceiver.Received r = Assert.Single(_receiver.Requests);
        Assert.True(d.Delivered);
        Assert.Equal(1, d.Attempts);
        Assert.Equal("POST", r.Method);
        Assert.Equal("application/json; charset=utf-8", r.ContentType);
        using JsonDocument body = JsonDocument.Parse(r.Body);
        Assert.Equal("matchmodels.alert", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(OneAlert().Id, body.RootElement.GetProperty("alert").GetProperty("id").GetString());
        Assert.Equal("dataset_drift", body.RootElement.GetProperty("alert").GetProperty("kind").GetString());
        Assert.Equal(OneAlert().Id, r.Headers[WebhookPayloads.AlertIdHeader]);

        // What a receiver does: HMAC-SHA256 of "{timestamp}.{body}" with the shared secret.
        long timestamp = long.Parse(r.Headers[WebhookPayloads.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture);
        string expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s3cret"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes($"{timestamp}.{r.Body}")));
        Assert.Equal(expected, r.Headers[WebhookPayloads.SignatureHeader]);
        Assert.NotEqual(expected, WebhookPayloads.Sign(System.Text.Encoding.UTF8.GetBytes(r.Body), "other", timestamp));
    }

    [Fact]
    public void The_signature_matches_a_hand_checked_value()
    {
        // RFC 4231-style check computed separately: HMAC-SHA256(key "key", "1700000000.{}").
        string expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("key"u8.ToArray(), "1700000000.{}"u8.ToArray()));

        Assert.Equal(expected, WebhookPayloads.Sign("{}"u8, "key", 1_700_000_000));
    }

    [Fact]
    public async Task Slack_gets_text_and_blocks_and_teams_an_adaptive_card()
    {
        await Send(new WebhookTarget("slack", _receiver.Url, WebhookFormat.Slack));
        await Send(new WebhookTarget("teams", _receiver.Url, WebhookFormat.Teams));

        LoopbackReceiver.Received[] got = [.. _receiver.Requests];
        using JsonDocument slack = JsonDocument.Parse(got[0].Body);
        Assert.StartsWith("MatchModels alert: drift on m:2", slack.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("header", slack.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.False(got[0].Headers.ContainsKey(WebhookPayloads.SignatureHeader));
        using JsonDocument teams = JsonDocument.Parse(got[1].Body);
        Assert.Equal("message", teams.RootElement.GetProperty("type").GetString());
        JsonElement card = teams.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("content").GetProperty("type").GetString());
        Assert.Equal("FactSet", card.GetProperty("content").GetProperty("body")[2].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_receiver_takes_the_alert()
    {
        _receiver.Answer(500);
        _receiver.Answer(503, retryAfter: "0");

        DeliveryRecord d = Assert.Single(await Send(new WebhookTarget("ops", _receiver.Url, WebhookFormat.Slack)));

        Assert.True(d.Delivered);
        Assert.Equal(3, d.Attempts);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.All(_receiver.Requests, r => Assert.Equal(_receiver.Requests.First().Body, r.Body));
    }

    [Fact]
    public async Task A_client_error_is_final_and_recorded()
    {
        _receiver.Answer(404);

        DeliveryRecord d = Assert.Single(await Send(new WebhookTarget("ops", _receiver.Url, WebhookFormat.Slack)));

        Assert.False(d.Delivered);
        Assert.Equal(1, d.Attempts);
        Assert.Equal(404, d.Status);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_is_down_or_silent_is_given_up_on_without_an_exception()
    {
        DeliveryRecord down = Assert.Single(await Send(new WebhookTarget("down", LoopbackReceiver.Nowhere(), WebhookFormat.Slack)));
        _receiver.Answer(200, delay: TimeSpan.FromSeconds(3));
        _receiver.Answer(200, delay: TimeSpan.FromSeconds(3));
        DeliveryRecord silent = Assert.Single(await Send(new WebhookTarget("silent", _receiver.Url, WebhookFormat.Slack), s_quick with { Attempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.False(down.Delivered);
        Assert.Equal(3, down.Attempts);
        Assert.Contains("could not reach the receiver", down.Error, StringComparison.Ordinal);
        Assert.False(silent.Delivered);
        Assert.Equal("no answer within 0.3 s", silent.Error);
    }

    [Fact]
    public void A_target_prints_its_name_and_host_never_its_url_or_secret()
    {
        var target = new WebhookTarget("slack", new Uri("https://hooks.example.com/services/T000/B000/XXXX"), WebhookFormat.Slack, "s3cret");

        Assert.Equal("slack (slack webhook at hooks.example.com)", target.ToString());
    }

    [Fact]
    public void Backoff_doubles_up_to_its_cap()
    {
        var retry = new RetryPolicy(6, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

        Assert.Equal([2, 4, 8, 10, 10], Enumerable.Range(2, 5).Select(a => retry.DelayBefore(a).TotalSeconds));
    }
}

using System.Net;
using System.Net.Http.Headers;

namespace MatchModels.Monitoring.Alerts;

/// <summary>
/// Sends alerts to webhooks, each alert to each target in turn, retrying network errors, timeouts, 429 and 5xx answers
/// with backoff (<see cref="RetryPolicy"/>); any other 4xx is final (the payload or the URL is wrong, and sending it again
/// changes nothing). Never throws for a receiver's failure: a webhook that is down must not stop monitoring or serving;
/// every outcome becomes a <see cref="DeliveryRecord"/>.
/// </summary>
public sealed class DeliverAlerts(HttpClient http, TimeProvider clock)
{
    public async Task<IReadOnlyList<DeliveryRecord>> RunAsync(IReadOnlyList<Alert> alerts, IReadOnlyList<WebhookTarget> targets, RetryPolicy retry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(retry);
        var records = new List<DeliveryRecord>();
        foreach (WebhookTarget target in targets)
        {
            foreach (Alert alert in alerts)
            {
                records.Add(await DeliverAsync(alert, target, retry, ct));
            }
        }

        return records;
    }

    private async Task<DeliveryRecord> DeliverAsync(Alert alert, WebhookTarget target, RetryPolicy retry, CancellationToken ct)
    {
        byte[] body = WebhookPayloads.For(alert, target.Format);
        int? status = null;
        string? error = null;
        for (int attempt = 1; attempt <= retry.Attempts; attempt++)
        {
            TimeSpan? wait = null;
            try
            {
                using HttpRequestMessage request = Request(alert, target, body);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(retry.AttemptTimeout);
                using HttpResponseMessage response = await http.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new DeliveryRecord(alert.Id, target.Name, true, attempt, status, null, clock.GetUtcNow().UtcDateTime);
                }

                error = $"the receiver answered {status} {response.ReasonPhrase}";
                if (!Retryable(response.StatusCode))
                {
                    return new DeliveryRecord(alert.Id, target.Name, false, attempt, status, error, clock.GetUtcNow().UtcDateTime);
                }

                wait = response.Headers.RetryAfter?.Delta;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                status = null;
                error = $"no answer within {retry.AttemptTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                status = null;
                error = $"could not reach the receiver: {e.HttpRequestError}";
            }

            if (attempt < retry.Attempts)
            {
                TimeSpan backoff = retry.DelayBefore(attempt + 1);
                await Task.Delay(wait is { } w && w > backoff ? (w < retry.MaxDelay ? w : retry.MaxDelay) : backoff, clock, ct);
            }
        }

        return new DeliveryRecord(alert.Id, target.Name, false, retry.Attempts, status, error, clock.GetUtcNow().UtcDateTime);
    }

    private HttpRequestMessage Request(Alert alert, WebhookTarget target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookPayloads.AlertIdHeader, alert.Id);
        if (target.Format == WebhookFormat.Generic && target.Secret is { Length: > 0 } secret)
        {
            long now = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookPayloads.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookPayloads.SignatureHeader, WebhookPayloads.Sign(body, secret, now));
        }

        return request;
    }

    private static bool Retryable(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || code == HttpStatusCode.RequestTimeout || (int)code >= 500;
}

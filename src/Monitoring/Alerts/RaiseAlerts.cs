using MatchModels.Monitoring.Reports;

namespace MatchModels.Monitoring.Alerts;

/// <summary>What one run raised and sent: the alerts new to the log, and every delivery tried (new alerts and earlier undelivered ones).</summary>
public sealed record RaisedAlerts(IReadOnlyList<Alert> New, IReadOnlyList<Alert> Repeated, IReadOnlyList<DeliveryRecord> Deliveries, int DamagedLines);

/// <summary>
/// After a monitoring report: evaluates the rules, records the alerts that are new (never two for one rule and window),
/// sends them to every webhook, and sends again, once per run, alerts raised within <see cref="RedeliverWithin"/> that a
/// target has not taken yet (a receiver that was down gets them when it is back). The deliveries are recorded too.
/// </summary>
public sealed class RaiseAlerts(DeliverAlerts deliver)
{
    /// <summary>A day: long enough to ride out a receiver's outage, short enough that nobody is paged about last week.</summary>
    public static readonly TimeSpan RedeliverWithin = TimeSpan.FromDays(1);

    public async Task<RaisedAlerts> RunAsync(MonitoringReport report, IReadOnlyList<AlertRule> rules, AlertLog log, IReadOnlyList<WebhookTarget> targets, RetryPolicy retry, DateTime nowUtc, string? reportFolder = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(targets);
        IReadOnlyList<Alert> found = EvaluateAlertRules.Run(report, rules, reportFolder);
        IReadOnlyList<Alert> fresh = log.Record(found);
        var freshIds = fresh.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        Alert[] repeated = [.. found.Where(a => !freshIds.Contains(a.Id))];
        (IReadOnlyList<Alert> all, int damagedAlerts) = log.Alerts();
        (IReadOnlyList<DeliveryRecord> done, int damagedDeliveries) = log.Deliveries();
        var deliveries = new List<DeliveryRecord>();
        foreach (WebhookTarget target in targets)
        {
            var delivered = done.Where(d => d.Delivered && d.Target == target.Name).Select(d => d.AlertId).ToHashSet(StringComparer.Ordinal);
            Alert[] due = [.. all.Where(a => freshIds.Contains(a.Id) || (!delivered.Contains(a.Id) && nowUtc - a.RaisedAtUtc <= RedeliverWithin))];
            deliveries.AddRange(await deliver.RunAsync(due, [target], retry, ct));
        }

        log.RecordDeliveries(deliveries);
        return new RaisedAlerts(fresh, repeated, deliveries, damagedAlerts + damagedDeliveries);
    }
}

namespace MatchModels.Serving.Monitoring;

/// <summary>
/// The "Serving:Monitoring" configuration section: the monitor run inside <c>serve</c> over its own prediction log,
/// for each model's champion. Off unless <see cref="Interval"/> is set.
/// </summary>
public sealed class ScheduledMonitoringOptions
{
    public const string Section = "Serving:Monitoring";

    /// <summary>Time between runs (e.g. <c>01:00:00</c>); null (the default) runs no monitor.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>The report's windows, as <c>monitor --window</c>: day, week, month or a number of rows.</summary>
    public string Window { get; set; } = "week";

    /// <summary>
    /// How far back each run reads the log. Eight weeks: eight weekly windows give the change detectors and the trend
    /// something to work on, while a run reads a bounded part of a log kept for six months.
    /// </summary>
    public TimeSpan Since { get; set; } = TimeSpan.FromDays(56);

    /// <summary>Where new alerts are sent; alerts are recorded in each model's monitoring/alerts.jsonl either way.</summary>
    public List<ScheduledWebhook> Webhooks { get; set; } = [];

    /// <summary>The secret that signs generic webhook payloads (HMAC-SHA256); from configuration or the environment, never logged.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>One webhook of <see cref="ScheduledMonitoringOptions.Webhooks"/>: its URL and payload format (generic, slack or teams).</summary>
public sealed class ScheduledWebhook
{
    public string Url { get; set; } = "";

    public string Format { get; set; } = "generic";
}

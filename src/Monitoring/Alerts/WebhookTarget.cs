namespace MatchModels.Monitoring.Alerts;

/// <summary>The payload a webhook expects.</summary>
public enum WebhookFormat
{
    /// <summary>The alert as JSON, signed with HMAC-SHA256 (<see cref="WebhookPayloads.Sign"/>).</summary>
    Generic,

    /// <summary>A Slack incoming webhook: <c>text</c> with mrkdwn blocks.</summary>
    Slack,

    /// <summary>A Microsoft Teams incoming webhook (Workflows): a message holding an Adaptive Card.</summary>
    Teams,
}

/// <summary>
/// Where alerts are sent. The URL of a Slack or Teams webhook is itself a credential and the secret signs generic
/// payloads: neither appears in <see cref="ToString"/>, delivery records or messages, only <see cref="Name"/> and the host.
/// </summary>
public sealed record WebhookTarget(string Name, Uri Url, WebhookFormat Format, string? Secret = null)
{
    public override string ToString() => $"{Name} ({Format.ToString().ToLowerInvariant()} webhook at {Url.Host})";
}

/// <summary>
/// How a delivery is retried: up to <see cref="Attempts"/> tries, waiting <see cref="FirstDelay"/> and then twice as
/// long each time up to <see cref="MaxDelay"/> (a receiver's Retry-After is honoured within that cap), each try cut off
/// after <see cref="AttemptTimeout"/>. The defaults give a receiver about half a minute to come back.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout)
{
    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(30, attempt - 2))));
}

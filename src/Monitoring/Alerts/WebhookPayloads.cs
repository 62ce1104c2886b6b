using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatchModels.Monitoring.Alerts;

/// <summary>
/// The bytes each kind of webhook is sent for an alert, and the signature of generic payloads. Slack's incoming webhooks
/// take <c>text</c> (shown in notifications) and optional <c>blocks</c>; Teams' Workflows webhooks take a message whose
/// attachment is an Adaptive Card (schema 1.4).
/// </summary>
public static class WebhookPayloads
{
    /// <summary>Unix seconds at which a generic payload was signed; receivers should refuse old ones (replays).</summary>
    public const string TimestampHeader = "X-MatchModels-Timestamp";

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256, keyed with the shared secret, of <c>{timestamp}.{body}</c>.</summary>
    public const string SignatureHeader = "X-MatchModels-Signature";

    /// <summary>The alert's id, so a receiver can drop a retry it already took.</summary>
    public const string AlertIdHeader = "X-MatchModels-Alert-Id";

    public static byte[] For(Alert alert, WebhookFormat format)
    {
        ArgumentNullException.ThrowIfNull(alert);
        JsonNode payload = format switch
        {
            WebhookFormat.Generic => new JsonObject { ["type"] = "matchmodels.alert", ["alert"] = JsonSerializer.SerializeToNode(alert, AlertLog.Json) },
            WebhookFormat.Slack => Slack(alert),
            WebhookFormat.Teams => Teams(alert),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown webhook format"),
        };
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    public static string Sign(ReadOnlySpan<byte> body, string secret, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        byte[] prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        byte[] signed = [.. prefix, .. body];
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private static string Title(Alert a) => $"MatchModels alert: {a.Rule} on {a.Model}:{a.Version.ToString(CultureInfo.InvariantCulture)}, window {a.Window}";

    private static JsonObject Slack(Alert a) => new()
    {
        ["text"] = $"{Title(a)}. {a.Summary}",
        ["blocks"] = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Title(a) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape(a.Summary) } },
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape($"alert {a.Id} · raised {a.RaisedAtUtc:yyyy-MM-dd HH:mm}Z{(a.Report is null ? "" : $" · report {a.Report}")}") }),
            }),
    };

    private static JsonObject Teams(Alert a) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = Title(a), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = a.Summary, ["wrap"] = true },
                    new JsonObject
                    {
                        ["type"] = "FactSet",
                        ["facts"] = new JsonArray([.. a.Evidence.Select(e => (JsonNode)new JsonObject { ["title"] = e.Key, ["value"] = e.Value.ToString("0.####", CultureInfo.InvariantCulture) })]),
                    }),
            },
        }),
    };

    // Slack's mrkdwn reads &, < and > as markup; they must be escaped as HTML entities.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

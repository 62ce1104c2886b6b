namespace MatchModels.Monitoring.Alerts;

/// <summary>
/// An alert: a rule that fired on one window of one model version. <see cref="Id"/> is derived from the model, version,
/// rule and window, so the same finding seen again by a later run (overlapping spans, the server's schedule and a
/// person's <c>monitor</c>) is recognised and never raised twice.
/// </summary>
public sealed record Alert(
    string Id,
    string Rule,
    AlertKind Kind,
    string Model,
    int Version,
    string Window,
    DateTime WindowStartUtc,
    DateTime WindowEndUtc,
    DateTime RaisedAtUtc,
    string Summary,
    IReadOnlyDictionary<string, double> Evidence,
    string? Report)
{
    /// <summary>The stable id of a rule's finding on a window: lower-case hex of the first 16 bytes of SHA-256 over the four parts.</summary>
    public static string IdOf(string model, int version, string rule, string window)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', model, version.ToString(System.Globalization.CultureInfo.InvariantCulture), rule, window)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

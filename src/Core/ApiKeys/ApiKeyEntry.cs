using System.Text.Json.Serialization;

namespace MatchModels.Core.ApiKeys;

/// <summary>One key in the keys file: everything about it except the key itself, of which only a SHA-256 hash is kept.</summary>
public sealed record ApiKeyEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("created_at")] DateTime CreatedAtUtc,
    [property: JsonPropertyName("revoked_at")] DateTime? RevokedAtUtc = null)
{
    [JsonIgnore]
    public bool Revoked => RevokedAtUtc is not null;
}

/// <summary>The scopes a key can hold. Independent: <c>admin</c> does not imply <c>score</c>.</summary>
public static class ApiKeyScopes
{
    /// <summary>Score pairs, rank mentors, report outcomes.</summary>
    public const string Score = "score";

    /// <summary>Operate the service (reserved for administrative routes).</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Score, Admin];
}

using System.Security.Claims;

namespace MatchModels.Serving.Security;

/// <summary>The claims an authenticated API key carries, and how a route reads them.</summary>
public static class ApiKeyClaims
{
    /// <summary>The authentication scheme's name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The key's public id (the keys file's <c>id</c>); never the key.</summary>
    public const string KeyId = "key_id";

    /// <summary>One claim per scope the key holds; the authorization policies <c>score</c> and <c>admin</c> require it.</summary>
    public const string Scope = "scope";

    /// <summary>The calling key's id, or null for an anonymous caller. Routes put it in the prediction log.</summary>
    public static string? ApiKeyId(this ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value;
}

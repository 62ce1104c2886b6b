using System.Security.Claims;
using MatchModels.Core.ApiKeys;

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

    /// <summary>What a request authenticated with <paramref name="key"/> is: its id, its name, and one claim per scope.</summary>
    public static ClaimsPrincipal Principal(ApiKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim> { new(KeyId, key.Id), new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.Scopes.Select(s => new Claim(Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The calling key's id, or null for an anonymous caller. Routes put it in the prediction log.</summary>
    public static string? ApiKeyId(this ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value;
}

namespace MatchModels.Core.ApiKeys;

/// <summary>A key just created: the only moment the key itself exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeyEntry Entry, string Key);

/// <summary>Create and revoke keys in a keys file.</summary>
public static class ManageApiKeys
{
    /// <summary>Creates a key for <paramref name="name"/>; names are unique among keys that are not revoked.</summary>
    public static CreatedApiKey Create(string path, string name, IReadOnlyList<string> scopes, DateTime nowUtc)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > 100 || name.Any(char.IsControl))
        {
            throw new ApiKeyException("a key name is 1 to 100 printable characters");
        }

        var wanted = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new ApiKeyException($"give at least one scope ({string.Join(", ", ApiKeyScopes.All)})");
        }

        if (wanted.FirstOrDefault(s => !ApiKeyScopes.All.Contains(s)) is { } unknown)
        {
            throw new ApiKeyException($"unknown scope '{unknown}': expected {string.Join(" or ", ApiKeyScopes.All)}");
        }

        string key = ApiKeySecret.NewKey();
        var entry = new ApiKeyEntry(name, ApiKeySecret.NewId(), ApiKeySecret.HashHex(key), wanted, nowUtc);
        return ApiKeysFile.Update(path, keys =>
        {
            if (keys.Any(k => k.Name == name && !k.Revoked))
            {
                throw new ApiKeyException($"a key named '{name}' already exists; revoke it first or choose another name");
            }

            keys.Add(entry);
            return new CreatedApiKey(entry, key);
        });
    }

    /// <summary>Marks the active key named <paramref name="name"/> revoked (kept in the file for the audit trail).</summary>
    public static ApiKeyEntry Revoke(string path, string name, DateTime nowUtc) => ApiKeysFile.Update(path, keys =>
    {
        int i = keys.FindIndex(k => k.Name == name && !k.Revoked);
        if (i < 0)
        {
            throw new ApiKeyException($"no active key named '{name}' in {path}");
        }

        keys[i] = keys[i] with { RevokedAtUtc = nowUtc };
        return keys[i];
    });
}

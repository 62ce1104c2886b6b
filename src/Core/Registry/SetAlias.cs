namespace MatchModels.Core.Registry;

/// <summary>What an alias change did: the alias, the version it points at now, and the one it pointed at before.</summary>
public sealed record AliasChange(string Name, string Alias, int Version, int? Previous);

/// <summary>
/// Points an alias at a version, under the model's lock, and records it (with the reason) in the history.
/// The promotion gates are checked above this, by the caller; this only moves the pointer.
/// </summary>
public static class SetAlias
{
    public static AliasChange Run(ModelRegistry registry, string name, string alias, int version, DateTime nowUtc, string? reason, bool forced)
    {
        ModelReference.CheckAlias(alias);
        using RegistryLock held = RegistryLock.Acquire(registry.ModelDirectory(name));
        return Locked(registry, name, alias, version, nowUtc, reason, forced);
    }

    internal static AliasChange Locked(ModelRegistry registry, string name, string alias, int version, DateTime nowUtc, string? reason, bool forced)
    {
        // Opening verifies the digests: an alias never points at a damaged version.
        registry.Open(name, version);
        var aliases = new SortedDictionary<string, int>(registry.Aliases(name).ToDictionary(), StringComparer.Ordinal);
        int? previous = aliases.TryGetValue(alias, out int p) ? p : null;
        aliases[alias] = version;
        registry.WriteAliases(name, aliases);
        RegistryHistory.Append(registry.ModelDirectory(name), new RegistryEvent(nowUtc, RegistryEvent.AliasSet, version, alias, previous, reason, forced, Environment.UserName));
        return new AliasChange(name, alias, version, previous);
    }
}

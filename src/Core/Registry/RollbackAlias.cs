namespace MatchModels.Core.Registry;

/// <summary>
/// Points an alias (the champion by default) back at the version it pointed at before the current one, skipping
/// versions deleted since. Repeated rollbacks walk further back; the history records each one.
/// </summary>
public static class RollbackAlias
{
    public static AliasChange Run(ModelRegistry registry, string name, DateTime nowUtc, string alias = ModelReference.Champion, string? reason = null)
    {
        string modelDir = registry.ModelDirectory(name);
        using RegistryLock held = RegistryLock.Acquire(modelDir);
        IReadOnlyDictionary<string, int> aliases = registry.Aliases(name);
        if (!aliases.TryGetValue(alias, out int current))
        {
            throw new RegistryException($"model '{name}' has no '{alias}' alias to roll back");
        }

        IReadOnlyList<int> stack = RegistryHistory.AliasStack(RegistryHistory.Read(modelDir), alias);
        IReadOnlyList<int> present = registry.Versions(name);
        int? target = stack.Take(Math.Max(0, stack.Count - 1)).Reverse().Where(v => v != current && present.Contains(v)).Select(v => (int?)v).FirstOrDefault();
        if (target is not { } version)
        {
            throw new RegistryException($"'{alias}' of model '{name}' (version {current}) has no earlier version to roll back to");
        }

        registry.Open(name, version);
        var updated = new SortedDictionary<string, int>(aliases.ToDictionary(), StringComparer.Ordinal) { [alias] = version };
        registry.WriteAliases(name, updated);
        RegistryHistory.Append(modelDir, new RegistryEvent(nowUtc, RegistryEvent.RolledBack, version, alias, current, reason, User: Environment.UserName));
        return new AliasChange(name, alias, version, current);
    }
}

namespace MatchModels.Core.Registry;

/// <summary>
/// Removes a version that no alias points at. The folder is first renamed out of versions/ (one atomic step that
/// readers see), then deleted; the number is never reused.
/// </summary>
public static class DeleteModelVersion
{
    public static void Run(ModelRegistry registry, string name, int version, DateTime nowUtc, string? reason = null)
    {
        string modelDir = registry.ModelDirectory(name);
        using RegistryLock held = RegistryLock.Acquire(modelDir);
        if (!registry.Versions(name).Contains(version))
        {
            throw new RegistryException($"model '{name}' has no version {version} (versions: {string.Join(", ", registry.Versions(name))})");
        }

        var pointing = registry.Aliases(name).Where(kv => kv.Value == version).Select(kv => kv.Key).ToList();
        if (pointing.Count > 0)
        {
            throw new RegistryException($"version {version} of '{name}' is the {string.Join(" and ", pointing)}: promote another version or roll back first; nothing was deleted");
        }

        string trash = Path.Combine(modelDir, ModelRegistry.StagingFolder, $"deleted-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
        Directory.Move(registry.VersionDirectory(name, version), trash);
        RegistryHistory.Append(modelDir, new RegistryEvent(nowUtc, RegistryEvent.Deleted, version, Reason: reason, User: Environment.UserName));
        Directory.Delete(trash, recursive: true);
    }
}

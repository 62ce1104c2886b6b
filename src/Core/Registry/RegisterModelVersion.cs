using System.Globalization;

namespace MatchModels.Core.Registry;

/// <summary>What a version holds besides model.onnx: its manifest (digests are filled in on registration) and other files by name.</summary>
public sealed record VersionContent(ModelManifest Manifest, IReadOnlyDictionary<string, byte[]> Files);

/// <summary>
/// Adds a version to the registry so that it appears whole or not at all, and so that concurrent registrations
/// never share a number: model.onnx is written into a private staging folder first, then, under the model's
/// lock, the next number is taken, the manifest and other files are written with their digests, and the folder
/// is renamed into versions/&lt;n&gt;. A process killed at any point leaves at most a staging folder no reader lists.
/// </summary>
public sealed class RegisterModelVersion(ModelRegistry registry, TimeProvider clock)
{
    /// <summary>
    /// Fault injection for the kill test only: milliseconds to sleep after the version is staged and numbered but
    /// before it is renamed into place, so a test can kill the process at the worst moment.
    /// </summary>
    public const string PauseBeforePublishVariable = "MATCHMODELS_TEST_PAUSE_BEFORE_PUBLISH_MS";

    /// <summary>
    /// A staging folder without a lease file was left by a version of MatchModels that took none; one this old
    /// belongs to a process that died (a registration takes seconds).
    /// </summary>
    private static readonly TimeSpan s_staleUnleasedStaging = TimeSpan.FromHours(1);

    private const string LeaseSuffix = ".lease";

    /// <param name="name">The model's name.</param>
    /// <param name="onnx">The bytes of model.onnx.</param>
    /// <param name="describe">Builds the version's manifest and files once its number and time are known.</param>
    /// <param name="alias">An alias to point at the new version in the same locked step, or null.</param>
    /// <param name="aliasReason">Why, kept in the history with the alias change.</param>
    public ModelVersion Run(string name, byte[] onnx, Func<int, DateTime, VersionContent> describe, string? alias = null, string? aliasReason = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(describe);
        string modelDir = registry.ModelDirectory(name);
        if (alias is not null)
        {
            ModelReference.CheckAlias(alias);
        }

        string staging = Path.Combine(modelDir, ModelRegistry.StagingFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(staging)!);

        // Held until the folder is renamed or removed, so the next registration can tell a folder whose process died.
        using ProcessLease lease = ProcessLease.Take(staging + LeaseSuffix);
        Directory.CreateDirectory(staging);
        try
        {
            string onnxDigest = WriteFile(staging, "model.onnx", onnx);
            using RegistryLock held = RegistryLock.Acquire(modelDir);
            RemoveStaleStaging(modelDir, staging);
            int version = NextVersion(name, modelDir);
            DateTime now = clock.GetUtcNow().UtcDateTime;
            VersionContent content = describe(version, now);
            var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach ((string file, byte[] bytes) in content.Files)
            {
                if (file is "model.onnx" or ManifestFile.FileName || file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{file}' cannot be an extra file of a version", nameof(describe));
                }

                digests[file] = WriteFile(staging, file, bytes);
            }

            ModelManifest manifest = content.Manifest with
            {
                Name = name,
                Version = version,
                CreatedAtUtc = now,
                Onnx = content.Manifest.Onnx with { File = "model.onnx" },
                Digests = new ManifestDigests(onnxDigest, digests, ""),
            };
            WriteFile(staging, ManifestFile.FileName, ManifestFile.Serialise(manifest));
            PauseIfAsked();

            string target = registry.VersionDirectory(name, version);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
            RegistryHistory.Append(modelDir, new RegistryEvent(now, RegistryEvent.Registered, version, User: Environment.UserName));
            if (alias is not null)
            {
                SetAlias.Locked(registry, name, alias, version, now, aliasReason, forced: false);
            }

            return registry.Open(name, version);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>One more than any number used before, including deleted versions, so a number always means one model.</summary>
    private int NextVersion(string name, string modelDir)
    {
        int highest = registry.Versions(name).DefaultIfEmpty(0).Max();
        foreach (RegistryEvent e in RegistryHistory.Read(modelDir))
        {
            highest = Math.Max(highest, e.Version);
        }

        return highest + 1;
    }

    /// <summary>Removes the staging folders (and lease files) of registrations whose process died; called under the model's lock.</summary>
    private void RemoveStaleStaging(string modelDir, string ours)
    {
        string stagingRoot = Path.Combine(modelDir, ModelRegistry.StagingFolder);
        foreach (string dir in Directory.EnumerateDirectories(stagingRoot))
        {
            if (dir == ours)
            {
                continue;
            }

            string lease = dir + LeaseSuffix;
            bool orphaned = File.Exists(lease)
                ? !ProcessLease.IsHeld(lease)
                : clock.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(dir) > s_staleUnleasedStaging;
            if (orphaned)
            {
                Directory.Delete(dir, recursive: true);
                File.Delete(lease);
            }
        }

        foreach (string lease in Directory.EnumerateFiles(stagingRoot, "*" + LeaseSuffix))
        {
            // A process killed between taking its lease and creating its folder leaves only the lease.
            if (!Directory.Exists(lease[..^LeaseSuffix.Length]) && !ProcessLease.IsHeld(lease))
            {
                File.Delete(lease);
            }
        }
    }

    private static string WriteFile(string dir, string name, byte[] bytes)
    {
        using (var stream = new FileStream(Path.Combine(dir, name), FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        return ManifestFile.Sha256Hex(bytes);
    }

    private static void PauseIfAsked()
    {
        if (Environment.GetEnvironmentVariable(PauseBeforePublishVariable) is { Length: > 0 } text
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms))
        {
            Thread.Sleep(ms);
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MatchModels.Core.Registry;

/// <summary>A registered version as read from disk, its files verified against the digests in its model.json.</summary>
public sealed record ModelVersion(ModelManifest Manifest, string Directory)
{
    public string OnnxPath => Path.Combine(Directory, Manifest.Onnx.File);

    public string PathOf(string file) => Path.Combine(Directory, file);
}

/// <summary>
/// The file-based model registry (layout in DESIGN.md): models/&lt;name&gt;/versions/&lt;n&gt;/, aliases.json,
/// history.jsonl and runs/. Readers see only whole versions: a version is written in .staging/ and renamed
/// into versions/ complete, and every read checks the digests, so a tampered or truncated file is refused.
/// </summary>
public sealed class ModelRegistry(string root)
{
    public const string AliasesFile = "aliases.json";
    public const string VersionsFolder = "versions";
    public const string StagingFolder = ".staging";

    public string Root { get; } = root;

    public string ModelDirectory(string name) => Path.Combine(Root, ModelReference.CheckName(name));

    public string VersionDirectory(string name, int version) => Path.Combine(ModelDirectory(name), VersionsFolder, version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Names of models with at least one version or a run, in order.</summary>
    public IReadOnlyList<string> Names() => !System.IO.Directory.Exists(Root)
        ? []
        : System.IO.Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.') && (System.IO.Directory.Exists(Path.Combine(Root, n, VersionsFolder)) || System.IO.Directory.Exists(Path.Combine(Root, n, "runs"))))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The version numbers present, ascending. Staging folders and anything not a number are not versions.</summary>
    public IReadOnlyList<int> Versions(string name)
    {
        string dir = Path.Combine(ModelDirectory(name), VersionsFolder);
        return !System.IO.Directory.Exists(dir)
            ? []
            : System.IO.Directory.EnumerateDirectories(dir).Select(Path.GetFileName)
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0)
                .Where(v => v > 0).Order().ToList();
    }

    public IReadOnlyDictionary<string, int> Aliases(string name)
    {
        string path = Path.Combine(ModelDirectory(name), AliasesFile);
        if (!File.Exists(path))
        {
            return new SortedDictionary<string, int>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<SortedDictionary<string, int>>(File.ReadAllText(path)) ?? new SortedDictionary<string, int>(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"{path} is not a map of alias to version ({e.Message})", RegistryFailure.Damaged);
        }
    }

    /// <summary>Rewrites aliases.json aside and renames it over the old one: a reader sees the old map or the new one.</summary>
    internal void WriteAliases(string name, IReadOnlyDictionary<string, int> aliases)
    {
        string path = Path.Combine(ModelDirectory(name), AliasesFile);
        string aside = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        File.WriteAllText(aside, JsonSerializer.Serialize(new SortedDictionary<string, int>(aliases.ToDictionary(), StringComparer.Ordinal), ManifestFile.Json) + "\n", Encoding.UTF8);
        File.Move(aside, path, overwrite: true);
    }

    /// <summary>Which version a reference means: an explicit version, an alias, or for a bare name the champion, else the latest.</summary>
    public int ResolveVersion(ModelReference reference)
    {
        IReadOnlyList<int> versions = Versions(reference.Name);
        if (versions.Count == 0)
        {
            string known = Names() is { Count: > 0 } names ? $" (models here: {string.Join(", ", names)})" : " (the registry is empty)";
            throw new RegistryException($"model '{reference.Name}' has no registered version in {Root}{known}", RegistryFailure.NotFound, $"model '{reference.Name}' has no registered version");
        }

        if (reference.Version is { } v)
        {
            return versions.Contains(v)
                ? v
                : throw new RegistryException($"model '{reference.Name}' has no version {v} (versions: {string.Join(", ", versions)})", RegistryFailure.NotFound);
        }

        IReadOnlyDictionary<string, int> aliases = Aliases(reference.Name);
        if (reference.Alias is { } alias)
        {
            return aliases.TryGetValue(alias, out int a)
                ? a
                : throw new RegistryException($"model '{reference.Name}' has no alias '{alias}' (aliases: {(aliases.Count == 0 ? "none" : string.Join(", ", aliases.Select(kv => $"{kv.Key}→{kv.Value}")))})", RegistryFailure.NotFound);
        }

        return aliases.TryGetValue(ModelReference.Champion, out int champion) ? champion : versions[^1];
    }

    public ModelVersion Open(ModelReference reference) => Open(reference.Name, ResolveVersion(reference));

    /// <summary>Reads model.json and checks it, model.onnx and every other listed file against the recorded digests.</summary>
    public ModelVersion Open(string name, int version)
    {
        string dir = VersionDirectory(name, version);
        if (!System.IO.Directory.Exists(dir))
        {
            IReadOnlyList<int> versions = Versions(name);
            string missing = versions.Count == 0
                ? $"model '{name}' has no registered version"
                : $"model '{name}' has no version {version} (versions: {string.Join(", ", versions)})";
            throw new RegistryException(versions.Count == 0 ? $"{missing} in {Root}" : missing, RegistryFailure.NotFound, missing);
        }

        string manifestPath = Path.Combine(dir, ManifestFile.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new RegistryException($"{manifestPath} is missing: version {version} of '{name}' is not a complete registered version", RegistryFailure.Damaged);
        }

        ModelManifest manifest = ManifestFile.Parse(File.ReadAllBytes(manifestPath), manifestPath);
        if (manifest.Name != name || manifest.Version != version)
        {
            throw new RegistryException($"{manifestPath} describes {manifest.Name}:{manifest.Version}, not {name}:{version}: it was copied from another version", RegistryFailure.Damaged);
        }

        CheckFile(dir, manifest.Onnx.File, manifest.Digests.ModelOnnx);
        foreach ((string file, string digest) in manifest.Digests.Files)
        {
            CheckFile(dir, file, digest);
        }

        return new ModelVersion(manifest, dir);
    }

    private static void CheckFile(string dir, string file, string expected)
    {
        string path = Path.Combine(dir, file);
        if (!File.Exists(path))
        {
            throw new RegistryException($"{path} is missing but model.json lists it: refusing to use this version", RegistryFailure.Damaged);
        }

        string actual = ManifestFile.Sha256Hex(File.ReadAllBytes(path));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new RegistryException($"{path} does not match the digest recorded in model.json (expected {expected}, found {actual}): the file was changed or truncated after registration; refusing to use this version", RegistryFailure.Damaged);
        }
    }
}

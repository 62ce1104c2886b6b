using System.Collections.Concurrent;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// The registered versions the host has loaded, and which version each alias points at. aliases.json is stat'ed at
/// most every <see cref="ServingOptions.AliasRecheckMilliseconds"/> (a path lookup per request cost 7% of the
/// single-pair predict path under load) and re-read when its timestamp or size changed, so a promotion or rollback,
/// which rewrites the file aside and renames it, is served within that interval without a restart. Until then the
/// previous version answers: it stays loaded, so no request fails across the switch.
/// A request holds a <see cref="ModelLease"/> on the version it scores with; a version no alias points at any more is
/// dropped from the cache, and its ONNX session is disposed when the last lease on it is released, never under a request.
/// </summary>
public sealed class ServedModels(ModelRegistry registry, IOptions<ServingOptions> options, ILogger<ServedModels> logger) : IDisposable
{
    private readonly long _recheckMilliseconds = Math.Max(0, options.Value.AliasRecheckMilliseconds);
    private readonly ConcurrentDictionary<(string Name, int Version), LoadedVersion> _loaded = new();
    private readonly ConcurrentDictionary<string, AliasMap> _aliases = new(StringComparer.Ordinal);
    private readonly Lock _loading = new();

    public ModelRegistry Registry { get; } = registry;

    /// <summary>
    /// A lease on the version <paramref name="reference"/> means now (a bare name: the champion, else the latest
    /// version). Throws <see cref="RegistryException"/> with the registry's message for an unknown model, version or alias.
    /// </summary>
    public ModelLease Acquire(ModelReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        AliasMap aliases = Aliases(reference.Name);
        int version;
        string? alias = reference.Alias;
        if (reference.Version is { } v)
        {
            version = v;
        }
        else if (aliases.Map.TryGetValue(reference.Alias ?? ModelReference.Champion, out int a))
        {
            version = a;
            alias ??= ModelReference.Champion;
        }
        else
        {
            // No champion yet (or an unknown alias): the registry resolves it, or says precisely why it cannot.
            version = Registry.ResolveVersion(reference);
        }

        // A version dropped between the lookup and the acquire is simply loaded again.
        while (true)
        {
            LoadedVersion loaded = _loaded.TryGetValue((reference.Name, version), out LoadedVersion? l) ? l : Load(reference.Name, version);
            if (loaded.TryAcquire())
            {
                return new ModelLease(loaded, alias);
            }
        }
    }

    /// <summary>The alias map of <paramref name="name"/> as the registry holds it now.</summary>
    public IReadOnlyDictionary<string, int> AliasesOf(string name) => Aliases(name).Map;

    public void Dispose()
    {
        foreach (LoadedVersion v in _loaded.Values)
        {
            v.Retire();
        }

        _loaded.Clear();
    }

    private LoadedVersion Load(string name, int version)
    {
        lock (_loading)
        {
            if (_loaded.TryGetValue((name, version), out LoadedVersion? existing))
            {
                return existing;
            }

            ModelVersion opened = Registry.Open(name, version);
            var loaded = new LoadedVersion(PairScorer.Open(opened));
            _loaded[(name, version)] = loaded;
            logger.LogInformation("Loaded {Model} version {Version} from {Directory}", name, version, opened.Directory);
            return loaded;
        }
    }

    private AliasMap Aliases(string name)
    {
        long now = Environment.TickCount64;
        if (_aliases.TryGetValue(name, out AliasMap? recent) && now - recent.CheckedAt < _recheckMilliseconds)
        {
            return recent;
        }

        string path = Path.Combine(Registry.ModelDirectory(name), ModelRegistry.AliasesFile);
        var info = new FileInfo(path);
        (DateTime Stamp, long Length) current = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        if (_aliases.TryGetValue(name, out AliasMap? cached) && cached.Stamp == current)
        {
            _aliases[name] = cached with { CheckedAt = now };
            return cached;
        }

        var map = new AliasMap(current, now, Registry.Aliases(name));
        _aliases[name] = map;
        if (cached is not null)
        {
            logger.LogInformation("Aliases of {Model} changed: {Aliases}", name, string.Join(", ", map.Map.Select(kv => $"{kv.Key}={kv.Value}")));
            Retire(name, map);
        }

        return map;
    }

    /// <summary>Drops loaded versions no alias points at any more; requests holding them finish first.</summary>
    private void Retire(string name, AliasMap map)
    {
        foreach (((string Name, int Version) key, LoadedVersion loaded) in _loaded)
        {
            if (key.Name == name && !map.Map.Values.Contains(key.Version) && _loaded.TryRemove(new KeyValuePair<(string, int), LoadedVersion>(key, loaded)))
            {
                logger.LogInformation("Unloading {Model} version {Version}: no alias points at it", key.Name, key.Version);
                loaded.Retire();
            }
        }
    }

    /// <param name="Stamp">aliases.json's write time and length when it was read.</param>
    /// <param name="CheckedAt">When the stamp was last compared with the file (Environment.TickCount64).</param>
    /// <param name="Map">Alias → version.</param>
    private sealed record AliasMap((DateTime Stamp, long Length) Stamp, long CheckedAt, IReadOnlyDictionary<string, int> Map);
}

/// <summary>A loaded version with a count of the requests using it; the cache holds one reference of its own.</summary>
internal sealed class LoadedVersion(PairScorer scorer)
{
    private int _references = 1;

    public PairScorer Scorer { get; } = scorer;

    public bool TryAcquire()
    {
        while (true)
        {
            int r = Volatile.Read(ref _references);
            if (r == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, r + 1, r) == r)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Scorer.Dispose();
        }
    }

    /// <summary>Gives up the cache's own reference.</summary>
    public void Retire() => Release();
}

/// <summary>The version a request scores with, and the alias that led to it; dispose to release it.</summary>
public sealed class ModelLease : IDisposable
{
    private LoadedVersion? _loaded;

    internal ModelLease(LoadedVersion loaded, string? alias)
    {
        _loaded = loaded;
        Scorer = loaded.Scorer;
        Alias = alias;
    }

    public PairScorer Scorer { get; }

    public string Name => Scorer.Manifest.Name;

    public int Version => Scorer.Manifest.Version;

    /// <summary>The alias the request asked for (or champion by default); null when it asked for a version number.</summary>
    public string? Alias { get; }

    public void Dispose() => Interlocked.Exchange(ref _loaded, null)?.Release();
}

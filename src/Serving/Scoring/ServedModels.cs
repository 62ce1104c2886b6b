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
/// Memory is bounded: at most <see cref="ServingOptions.MaxLoadedVersions"/> versions stay loaded beside the aliased
/// ones (least recently used first out), and alias maps are cached only for models that exist. A damaged aliases.json
/// keeps the last good map in use, as the keys file does, and says so in the log.
/// </summary>
public sealed class ServedModels(ModelRegistry registry, IOptions<ServingOptions> options, ILogger<ServedModels> logger) : IDisposable
{
    private readonly long _recheckMilliseconds = Math.Max(0, options.Value.AliasRecheckMilliseconds);
    private readonly int _maxLoaded = Math.Max(1, options.Value.MaxLoadedVersions);
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

    /// <summary>How many versions are loaded now (for /metrics and the memory bound's test).</summary>
    public int LoadedCount => _loaded.Count;

    /// <summary>How many models' alias maps are cached now.</summary>
    public int CachedAliasMaps => _aliases.Count;

    /// <summary>Models whose aliases.json could not be read at its last change, served from their last good map.</summary>
    public IReadOnlyList<string> DamagedAliasFiles => _aliases.Where(kv => kv.Value.Damaged is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();

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
            EvictBeyondLimit((name, version));
            return loaded;
        }
    }

    /// <summary>Unloads the least recently used versions no alias points at until at most the limit stay loaded.</summary>
    private void EvictBeyondLimit((string Name, int Version) keep)
    {
        if (_loaded.Count <= _maxLoaded)
        {
            return;
        }

        var candidates = _loaded
            .Where(kv => kv.Key != keep && !IsAliased(kv.Key.Name, kv.Key.Version))
            .OrderBy(kv => kv.Value.LastUsed)
            .ToList();
        foreach (KeyValuePair<(string Name, int Version), LoadedVersion> old in candidates)
        {
            if (_loaded.Count <= _maxLoaded)
            {
                break;
            }

            if (_loaded.TryRemove(old))
            {
                logger.LogInformation("Unloading {Model} version {Version}: least recently used of more than {Max} loaded versions", old.Key.Name, old.Key.Version, _maxLoaded);
                old.Value.Retire();
            }
        }
    }

    private bool IsAliased(string name, int version) => _aliases.TryGetValue(name, out AliasMap? map) && map.Map.Values.Contains(version);

    private AliasMap Aliases(string name)
    {
        long now = Environment.TickCount64;
        if (_aliases.TryGetValue(name, out AliasMap? recent) && now - recent.CheckedAt < _recheckMilliseconds)
        {
            return recent;
        }

        string modelDirectory = Registry.ModelDirectory(name);
        if (recent is null && !Directory.Exists(modelDirectory))
        {
            // Not cached, so that a caller inventing names cannot grow the cache; the registry then says "unknown model".
            return AliasMap.None;
        }

        string path = Path.Combine(modelDirectory, ModelRegistry.AliasesFile);
        var info = new FileInfo(path);
        (DateTime Stamp, long Length) current = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        if (_aliases.TryGetValue(name, out AliasMap? cached) && cached.Stamp == current)
        {
            _aliases[name] = cached with { CheckedAt = now };
            return cached;
        }

        AliasMap map;
        try
        {
            map = new AliasMap(current, now, Registry.Aliases(name));
        }
        catch (RegistryException e) when (e.Failure == RegistryFailure.Damaged)
        {
            // Keep serving what was promoted last; a half-written or hand-broken file must not make every request 404.
            map = new AliasMap(current, now, cached?.Map ?? new Dictionary<string, int>(), e.Message);
            _aliases[name] = map;
            logger.LogWarning("Aliases of {Model} cannot be read, {Kept}: {Problem}", name,
                cached is null ? "no earlier map to keep (aliases unavailable until it is fixed)" : "keeping the last good map " + Describe(cached.Map), e.Message);
            return map;
        }

        _aliases[name] = map;
        if (cached is not null)
        {
            logger.LogInformation("Aliases of {Model} changed: {Aliases}", name, Describe(map.Map));
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

    private static string Describe(IReadOnlyDictionary<string, int> map) => map.Count == 0 ? "(none)" : string.Join(", ", map.Select(kv => $"{kv.Key}={kv.Value}"));

    /// <param name="Stamp">aliases.json's write time and length when it was read.</param>
    /// <param name="CheckedAt">When the stamp was last compared with the file (Environment.TickCount64).</param>
    /// <param name="Map">Alias → version.</param>
    /// <param name="Damaged">Why the file at <paramref name="Stamp"/> could not be read (the map is then the last good one), or null.</param>
    private sealed record AliasMap((DateTime Stamp, long Length) Stamp, long CheckedAt, IReadOnlyDictionary<string, int> Map, string? Damaged = null)
    {
        public static AliasMap None { get; } = new((DateTime.MinValue, -1), 0, new Dictionary<string, int>());
    }
}

/// <summary>A loaded version with a count of the requests using it; the cache holds one reference of its own.</summary>
internal sealed class LoadedVersion(PairScorer scorer)
{
    private int _references = 1;

    private long _lastUsed = Environment.TickCount64;

    public PairScorer Scorer { get; } = scorer;

    /// <summary>When a request last acquired it (Environment.TickCount64), for least-recently-used eviction.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public bool TryAcquire()
    {
        Volatile.Write(ref _lastUsed, Environment.TickCount64);
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

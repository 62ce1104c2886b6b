using System.Security.Claims;
using System.Security.Cryptography;
using MatchModels.Core.ApiKeys;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Security;

/// <summary>
/// The keys the server accepts, read from the keys file and re-read when its time stamp or size changes (checked at
/// most every <see cref="SecurityOptions.KeysReloadSeconds"/>), so <c>matchmodels keys create|revoke</c> take effect
/// without a restart. A file that cannot be read keeps the previous keys and logs why.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly string _path;
    private readonly TimeSpan _recheck;
    private readonly TimeProvider _clock;
    private readonly ILogger<ApiKeyRing> _log;
    private readonly Lock _reload = new();
    private volatile Snapshot _current = new(default, []);
    private long _nextCheck;
    private bool _loaded;

    /// <summary>A key as loaded: its entry, its hash, and the principal a request with it gets, made once per load rather than per request.</summary>
    private sealed record Known(ApiKeyEntry Entry, byte[] Hash, ClaimsPrincipal Principal);

    private sealed record Snapshot((bool Exists, DateTime WrittenUtc, long Length) Stamp, IReadOnlyList<Known> Keys);

    public ApiKeyRing(IOptions<SecurityOptions> options, TimeProvider clock, ILogger<ApiKeyRing> log)
    {
        _path = Path.GetFullPath(options.Value.KeysFile);
        _recheck = TimeSpan.FromSeconds(options.Value.KeysReloadSeconds);
        _clock = clock;
        _log = log;
        Reload();
    }

    /// <summary>
    /// The principal of the active key whose hash matches <paramref name="presented"/> (<see cref="ApiKeyClaims.Principal"/>),
    /// or null (unknown or revoked). Requests with one key share its principal: nothing in this host changes a principal.
    /// </summary>
    public ClaimsPrincipal? Find(string presented)
    {
        Snapshot snapshot = Current();
        byte[] hash = ApiKeySecret.Hash(presented);
        Known? found = null;
        // Every stored hash is compared, in constant time, with no early exit: timing says nothing about which key matched.
        foreach (Known key in snapshot.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found is { Entry.Revoked: false } ? found.Principal : null;
    }

    private Snapshot Current()
    {
        long now = _clock.GetTimestamp();
        if (now >= Interlocked.Read(ref _nextCheck))
        {
            lock (_reload)
            {
                if (now >= _nextCheck)
                {
                    Reload();
                    _nextCheck = now + (long)(_recheck.TotalSeconds * _clock.TimestampFrequency);
                }
            }
        }

        return _current;
    }

    private void Reload()
    {
        var info = new FileInfo(_path);
        (bool, DateTime, long) stamp = info.Exists ? (true, info.LastWriteTimeUtc, info.Length) : (false, default, 0);
        if (_loaded && stamp == _current.Stamp)
        {
            return;
        }

        try
        {
            var keys = new List<Known>();
            foreach (ApiKeyEntry e in ApiKeysFile.Read(_path))
            {
                if (e.Sha256.Length == 64 && e.Sha256.All(char.IsAsciiHexDigit))
                {
                    keys.Add(new Known(e, Convert.FromHexString(e.Sha256), ApiKeyClaims.Principal(e)));
                }
                else
                {
                    _log.LogWarning("Key {Name} ({Id}) in {Path} has no valid SHA-256 hash and is ignored", e.Name, e.Id, _path);
                }
            }

            if (!info.Exists)
            {
                _log.LogWarning("Keys file {Path} does not exist: every request that needs a key is refused", _path);
            }

            _current = new Snapshot(stamp, keys);
            _loaded = true;
        }
        catch (Exception e) when (e is ApiKeyException or IOException or UnauthorizedAccessException)
        {
            _log.LogError("Keys file {Path} could not be read; keeping the {Count} keys loaded before: {Problem}", _path, _current.Keys.Count, e.Message);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Core.ApiKeys;

/// <summary>
/// The keys file the server reads and <c>matchmodels keys</c> edits: JSON, <c>{"keys": [ ... ]}</c>. Writes hold an
/// exclusive lock on <c>FILE.lock</c> (an advisory flock on Unix, released if the process dies) and replace the file
/// by writing aside and renaming, so the server never reads half a file.
/// </summary>
public static class ApiKeysFile
{
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private sealed record Document([property: JsonPropertyName("keys")] IReadOnlyList<ApiKeyEntry> Keys);

    /// <summary>The keys in the file; none when the file does not exist.</summary>
    public static IReadOnlyList<ApiKeyEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<Document>(stream, s_json)?.Keys ?? [];
        }
        catch (JsonException e)
        {
            throw new ApiKeyException($"{path} is not a keys file: {e.Message}");
        }
    }

    /// <summary>Reads, changes and rewrites the file under its lock; returns what <paramref name="change"/> returned.</summary>
    public static T Update<T>(string path, Func<List<ApiKeyEntry>, T> change)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using FileStream lockHandle = AcquireLock(full + ".lock");
        var keys = Read(full).ToList();
        T result = change(keys);
        string aside = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        using (FileStream stream = new(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new Document(keys), s_json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(aside, full, overwrite: true);
        return result;
    }

    private static FileStream AcquireLock(string path)
    {
        DateTime giveUp = DateTime.UtcNow + s_lockTimeout;
        int wait = 5;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(wait);
                wait = Math.Min(wait * 2, 200);
            }
            catch (IOException e)
            {
                throw new ApiKeyException($"could not lock {path} within {s_lockTimeout.TotalSeconds:0} s: another keys command holds it ({e.Message})");
            }
        }
    }
}

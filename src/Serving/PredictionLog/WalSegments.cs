using System.Globalization;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// Names in a log's write-ahead folder: each process is an owner (<c>&lt;UTC start&gt;-&lt;guid&gt;</c>, unique
/// across replicas and restarts), with its lock <c>&lt;owner&gt;.lock</c> and its segments
/// <c>&lt;owner&gt;-&lt;sequence&gt;.wal</c>, numbered from 1 in the order written. A segment's Parquet files carry its
/// name (<c>part-&lt;owner&gt;-&lt;sequence&gt;.parquet</c>), so names sort in time and compacting a segment twice
/// writes each file once.
/// </summary>
public static class WalSegments
{
    public const string SegmentExtension = ".wal";

    public const string LockExtension = ".lock";

    /// <summary>The folder under each log (predictions/, outcomes/) that holds its write-ahead files; Spark and Hive skip names that start with an underscore.</summary>
    public const string FolderName = "_wal";

    public static string NewOwner(DateTime nowUtc) =>
        $"{nowUtc.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    public static string SegmentPath(string walFolder, string owner, int sequence) =>
        Path.Combine(walFolder, $"{owner}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}{SegmentExtension}");

    public static string LockPath(string walFolder, string owner) => Path.Combine(walFolder, owner + LockExtension);

    /// <summary>The name a segment's records keep in Parquet: its file name without the extension.</summary>
    public static string Name(string segmentPath) => Path.GetFileNameWithoutExtension(segmentPath);

    /// <summary>Every owner with a lock file or a segment in <paramref name="walFolder"/>, in name (start time) order.</summary>
    public static IReadOnlyList<string> Owners(string walFolder)
    {
        if (!Directory.Exists(walFolder))
        {
            return [];
        }

        IEnumerable<string> locks = Directory.EnumerateFiles(walFolder, "*" + LockExtension).Select(Path.GetFileNameWithoutExtension)!;
        IEnumerable<string> segments = Directory.EnumerateFiles(walFolder, "*" + SegmentExtension).Select(Path.GetFileNameWithoutExtension)
            .Where(name => name!.Contains('-', StringComparison.Ordinal)).Select(name => name![..name!.LastIndexOf('-')]);
        return [.. locks.Concat(segments).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary><paramref name="owner"/>'s segments, in the order it wrote them.</summary>
    public static IReadOnlyList<string> Of(string walFolder, string owner) =>
        Directory.Exists(walFolder)
            ? [.. Directory.EnumerateFiles(walFolder, $"{owner}-*{SegmentExtension}").Order(StringComparer.Ordinal)]
            : [];
}

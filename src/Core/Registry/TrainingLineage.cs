using System.Security.Cryptography;
using System.Text;

namespace MatchModels.Core.Registry;

/// <summary>
/// Which participants a version was trained on, kept so that an erasure request (GDPR Art. 17) can name the
/// versions trained on that person's data without the registry holding their ids: <see cref="FileName"/> lists
/// HMAC-SHA256(salt, participant_id) of every mentee and mentor of the training pairs, one per line, sorted. The
/// salt is the registry's own secret (<see cref="SaltFile"/>, created on first use, readable by its owner only), so
/// the file cannot be reversed by hashing a list of plausible employee numbers. It is one of the version's files,
/// covered by the manifest's digests like the others.
/// </summary>
public static class TrainingLineage
{
    public const string FileName = "lineage.txt";
    public const string SaltFile = ".lineage-salt";

    private const string Header = "# matchmodels lineage v1: HMAC-SHA256 of each participant id trained on, keyed with the registry's lineage salt; salt id ";
    private const int SaltBytes = 32;

    /// <summary>The registry's salt, created (32 random bytes) the first time any training asks for it.</summary>
    public static byte[] Salt(string registryRoot)
    {
        string path = Path.Combine(registryRoot, SaltFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(registryRoot);
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(RandomNumberGenerator.GetBytes(SaltBytes));
                stream.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another training created it at the same moment; theirs is the salt.
            }
        }

        for (int attempt = 0; ; attempt++)
        {
            byte[] salt = File.ReadAllBytes(path);
            if (salt.Length == SaltBytes)
            {
                return salt;
            }

            if (attempt >= 50)
            {
                throw new RegistryException($"{path} holds {salt.Length} bytes, not a {SaltBytes}-byte lineage salt: restore it from a backup, since lineage files written with it cannot be matched without it");
            }

            Thread.Sleep(10); // the creator is still writing it
        }
    }

    /// <summary>A short public name of the salt, so a lineage file written with another registry's salt is recognised.</summary>
    public static string SaltId(byte[] salt) => Convert.ToHexStringLower(SHA256.HashData(salt))[..12];

    public static string Hash(byte[] salt, string participantId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(participantId)));

    /// <summary>The lineage file's bytes for the given participants (duplicates removed, sorted, so the same data gives the same bytes).</summary>
    public static byte[] Write(byte[] salt, IEnumerable<string> participantIds)
    {
        var text = new StringBuilder(Header).Append(SaltId(salt)).Append('\n');
        foreach (string hash in participantIds.Distinct(StringComparer.Ordinal).Select(id => Hash(salt, id)).Order(StringComparer.Ordinal))
        {
            text.Append(hash).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>What a version's lineage says about one participant.</summary>
    public enum Finding
    {
        TrainedOn,
        NotTrainedOn,

        /// <summary>The version was registered without a lineage file (before lineage existed, or imported).</summary>
        NoLineage,

        /// <summary>The lineage file was keyed with another registry's salt (the version was copied here).</summary>
        OtherSalt,
    }

    public static Finding Check(ModelVersion version, byte[] salt, string participantId)
    {
        ArgumentNullException.ThrowIfNull(version);
        string path = version.PathOf(FileName);
        if (!File.Exists(path))
        {
            return Finding.NoLineage;
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        string? header = reader.ReadLine();
        if (header is null || !header.StartsWith(Header, StringComparison.Ordinal) || header[Header.Length..] != SaltId(salt))
        {
            return Finding.OtherSalt;
        }

        string wanted = Hash(salt, participantId);
        while (reader.ReadLine() is { } line)
        {
            if (string.Equals(line, wanted, StringComparison.Ordinal))
            {
                return Finding.TrainedOn;
            }
        }

        return Finding.NotTrainedOn;
    }

    /// <summary>Every registered version of every model and what its lineage says about <paramref name="participantId"/>.</summary>
    public static IReadOnlyList<(string Model, int Version, Finding Finding)> Versions(ModelRegistry registry, string participantId)
    {
        ArgumentNullException.ThrowIfNull(registry);
        byte[] salt = Salt(registry.Root);
        var found = new List<(string, int, Finding)>();
        foreach (string name in registry.Names())
        {
            foreach (int v in registry.Versions(name))
            {
                found.Add((name, v, Check(registry.Open(name, v), salt, participantId)));
            }
        }

        return found;
    }

    public static string Describe(Finding finding) => finding switch
    {
        Finding.TrainedOn => "trained on their data",
        Finding.NotTrainedOn => "not trained on their data",
        Finding.NoLineage => "unknown: registered without lineage",
        _ => "unknown: lineage keyed with another registry's salt",
    };
}

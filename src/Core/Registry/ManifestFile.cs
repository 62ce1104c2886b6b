using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace MatchModels.Core.Registry;

/// <summary>
/// Writes and reads model.json with its self-digest: the file is serialised with 64 zeros where its digest goes,
/// hashed, and the zeros replaced by the hash. A reader reverses that and refuses a file whose bytes changed.
/// </summary>
public static partial class ManifestFile
{
    public const string FileName = "model.json";

    private static readonly string s_zeros = new('0', 64);

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Serialise(ModelManifest manifest)
    {
        ModelManifest zeroed = manifest with { Digests = manifest.Digests with { ModelJson = s_zeros } };
        string text = JsonSerializer.Serialize(zeroed, Json) + "\n";
        string digest = Sha256Hex(Encoding.UTF8.GetBytes(text));
        return Encoding.UTF8.GetBytes(SelfDigest().Replace(text, $"\"model_json\": \"{digest}\"", 1));
    }

    /// <summary>Parses model.json and checks its self-digest; <paramref name="path"/> only names the file in messages.</summary>
    public static ModelManifest Parse(byte[] bytes, string path)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new RegistryException($"{path} is not UTF-8 text: the file is damaged; refusing to use this version", RegistryFailure.Damaged);
        }

        Match m = SelfDigest().Match(text);
        if (!m.Success)
        {
            throw new RegistryException($"{path} has no digests.model_json entry: it was truncated, edited, or not written by the registry; refusing to use this version", RegistryFailure.Damaged);
        }

        string recorded = m.Groups[1].Value;
        string actual = Sha256Hex(Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, m.Groups[1].Index), s_zeros, text.AsSpan(m.Groups[1].Index + 64))));
        if (!string.Equals(recorded, actual, StringComparison.Ordinal))
        {
            throw new RegistryException($"{path} does not match its own digest (recorded {recorded}, computed {actual}): the file was changed or truncated after registration; refusing to use this version", RegistryFailure.Damaged);
        }

        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(text, Json) ?? throw new RegistryException($"{path} is empty", RegistryFailure.Damaged);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"{path} is not a valid model manifest ({e.Message})", RegistryFailure.Damaged);
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [GeneratedRegex("\"model_json\": \"([0-9a-f]{64})\"", RegexOptions.CultureInvariant)]
    private static partial Regex SelfDigest();
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MatchModels.Core.ApiKeys;

/// <summary>New keys and their hashes. A key is <c>mm_</c> and 32 random bytes (256 bits) in base64url.</summary>
public static class ApiKeySecret
{
    public const string Prefix = "mm_";

    public static string NewKey() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A public id to name the key in logs and the prediction log: random, unrelated to the key.</summary>
    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>SHA-256 of the key's UTF-8 bytes. A plain hash suffices: the key has 256 random bits, so there is nothing to brute-force.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));
}

using System.Runtime.InteropServices;
using System.Text.Json;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// Refuses a body whose strings (or field names) are not Unicode text: bytes that are not UTF-8 (0xC3 0x28, an
/// overlong 0xC0 0xAF, a lone continuation byte) or an escape of an unpaired UTF-16 surrogate ("\ud800"). The JSON
/// parser accepts both and only reading the string as .NET text fails, deep inside a route as a 500; checked here,
/// once, right after parsing, each is a 400 naming the field's JSON path. The offending value is never quoted: it
/// can be personal data, and it cannot be printed anyway.
/// </summary>
public static class CheckTextIsUnicode
{
    /// <summary>Problems named before the check stops looking: a body full of bad bytes needs no more to be fixed.</summary>
    public const int MaxReported = 20;

    private const string BadValue = "is not valid text: it holds bytes that are not UTF-8, or an escaped unpaired surrogate such as \\ud800";
    private const string BadName = "has a field name that is not valid text (bytes that are not UTF-8, or an escaped unpaired surrogate)";

    /// <summary>Adds one error per string value or field name under <paramref name="element"/> that is not text, paths from <paramref name="path"/>.</summary>
    public static void Check(JsonElement element, string path, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (IsPlainText(JsonMarshal.GetRawUtf8Value(element)))
        {
            return;
        }

        var segments = new List<object>();
        Walk(element, path, segments, errors);
    }

    /// <summary>
    /// True when the raw JSON of an element cannot hold a string or name that is not text: it is all valid UTF-8 (outside
    /// strings JSON is ASCII, so this covers every string and name at once, vectorised) and no <c>\u</c> escape starts
    /// with D8 to DF, the only escapes that can encode a lone surrogate. Then the walk that finds the fields is skipped;
    /// anything else (a client that escapes every non-ASCII character included) is walked.
    /// </summary>
    internal static bool IsPlainText(ReadOnlySpan<byte> raw)
    {
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            return false;
        }

        for (int at = raw.IndexOf("\\u"u8); at >= 0; at = NextEscape(raw, at + 2))
        {
            if (at + 3 < raw.Length && (raw[at + 2] | 0x20) == 'd' && (raw[at + 3] is >= (byte)'8' and <= (byte)'9' || (raw[at + 3] | 0x20) is >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static int NextEscape(ReadOnlySpan<byte> raw, int from)
    {
        int next = raw[from..].IndexOf("\\u"u8);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>Throws a <see cref="RequestValidationException"/> naming each field of <paramref name="element"/> that is not text.</summary>
    public static void Require(JsonElement element, string path = "$")
    {
        var errors = new List<FieldError>();
        Check(element, path, errors);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    // The path is kept as segments and formatted only for an error: a 50,000-mentor rank body has a million
    // fields, and formatting each one's path would allocate that many strings for nothing.
    private static void Walk(JsonElement e, string root, List<object> segments, List<FieldError> errors)
    {
        if (errors.Count >= MaxReported)
        {
            return;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                if (!IsText(JsonMarshal.GetRawUtf8Value(e), e, default))
                {
                    errors.Add(new FieldError(Format(root, segments), BadValue));
                }

                break;
            case JsonValueKind.Object:
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    if (!IsText(JsonMarshal.GetRawUtf8PropertyName(p), default, p))
                    {
                        errors.Add(new FieldError(Format(root, segments), BadName));
                        continue;
                    }

                    segments.Add(p.Name);
                    Walk(p.Value, root, segments, errors);
                    segments.RemoveAt(segments.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in e.EnumerateArray())
                {
                    segments.Add(i++);
                    Walk(item, root, segments, errors);
                    segments.RemoveAt(segments.Count - 1);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Raw bytes without an escape are text when they are valid UTF-8 (which also rules out overlong forms and
    /// encoded surrogates); an escaped string is text when it unescapes, which fails on an unpaired surrogate.
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> raw, JsonElement value, JsonProperty name)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return System.Text.Unicode.Utf8.IsValid(raw);
        }

        try
        {
            // Only escaped strings get here (rare in real bodies), so decoding them costs little.
            _ = value.ValueKind == JsonValueKind.String ? value.GetString() : name.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Format(string root, List<object> segments)
    {
        var s = new System.Text.StringBuilder(root);
        foreach (object segment in segments)
        {
            _ = segment is int i ? s.Append('[').Append(i).Append(']') : s.Append('.').Append((string)segment);
        }

        return s.ToString();
    }
}

using System.Globalization;
using System.Text.Json;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// Reads fields out of a request body while collecting every problem with the JSON path of the offending field
/// ("$.pairs[3].mentor.job_level: expected a whole number, found a string"), so one response names all of them.
/// </summary>
public sealed class JsonFields
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool Ok => _errors.Count == 0;

    public void Add(string path, string message) => _errors.Add(new FieldError(path, message));

    public bool IsObject(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Add(path, $"expected an object, found {Kind(e)}");
        return false;
    }

    /// <summary>The property, or null after recording "missing" when <paramref name="required"/>; JSON null counts as absent.</summary>
    public JsonElement? Get(JsonElement obj, string path, string name, bool required)
    {
        if (obj.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null)
        {
            return v;
        }

        if (required)
        {
            Add($"{path}.{name}", "required field is missing");
        }

        return null;
    }

    public string? Text(JsonElement obj, string path, string name, bool required, bool nonEmpty = true)
    {
        if (Get(obj, path, name, required) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Add($"{path}.{name}", $"expected a string, found {Kind(v)}");
            return null;
        }

        string s = v.GetString()!;
        if (nonEmpty && s.Length == 0)
        {
            Add($"{path}.{name}", "must not be empty");
            return null;
        }

        return s;
    }

    public string? Enum(JsonElement obj, string path, string name, IReadOnlyList<string> allowed)
    {
        string? s = Text(obj, path, name, required: false);
        if (s is not null && !allowed.Contains(s, StringComparer.Ordinal))
        {
            Add($"{path}.{name}", $"unknown value '{s}': expected one of {string.Join(", ", allowed)}");
            return null;
        }

        return s;
    }

    public double? Number(JsonElement obj, string path, string name, bool required, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Get(obj, path, name, required) is not { } v)
        {
            return null;
        }

        return Number(v, $"{path}.{name}", min, max);
    }

    public double? Number(JsonElement v, string path, double min = double.MinValue, double max = double.MaxValue)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            // JSON has no NaN or Infinity: a client that sends them as strings gets told so precisely.
            Add(path, v.ValueKind == JsonValueKind.String && IsNonFinite(v.GetString()!)
                ? $"NaN and infinity are not accepted, found \"{v.GetString()}\""
                : $"expected a number, found {Kind(v)}");
            return null;
        }

        if (!v.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            Add(path, $"not a finite number: {v.GetRawText()}");
            return null;
        }

        if (d < min || d > max)
        {
            Add(path, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {d.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return d;
    }

    public int? WholeNumber(JsonElement obj, string path, string name, bool required, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(obj, path, name, required) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i))
        {
            Add($"{path}.{name}", v.ValueKind == JsonValueKind.Number ? $"expected a whole number, found {v.GetRawText()}" : $"expected a whole number, found {Kind(v)}");
            return null;
        }

        if (i < min || i > max)
        {
            Add($"{path}.{name}", $"must be between {min} and {max}, found {i}");
            return null;
        }

        return i;
    }

    public bool? Bool(JsonElement obj, string path, string name)
    {
        if (Get(obj, path, name, required: false) is not { } v)
        {
            return null;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        Add($"{path}.{name}", $"expected true or false, found {Kind(v)}");
        return null;
    }

    public DateTime? Time(JsonElement obj, string path, string name, bool required)
    {
        string? s = Text(obj, path, name, required);
        if (s is null)
        {
            return null;
        }

        // The documented form (UTC, ending in Z) through System.Text.Json's ISO 8601 reader, several times faster than the
        // general parser, which reads anything else (an offset, no zone: taken as UTC) as before.
        if (s.EndsWith('Z') && obj.GetProperty(name).TryGetDateTimeOffset(out DateTimeOffset utc))
        {
            return utc.UtcDateTime;
        }

        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t))
        {
            Add($"{path}.{name}", $"expected an ISO 8601 date-time such as 2025-03-01T00:00:00Z, found '{s}'");
            return null;
        }

        return t.UtcDateTime;
    }

    public IReadOnlyList<string>? Strings(JsonElement obj, string path, string name, bool required, int minItems = 0)
    {
        if (Get(obj, path, name, required) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            Add($"{path}.{name}", $"expected an array of strings, found {Kind(v)}");
            return null;
        }

        var list = new List<string>(v.GetArrayLength());
        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
            {
                Add($"{path}.{name}[{i}]", $"expected a non-empty string, found {Kind(item)}");
            }
            else
            {
                list.Add(item.GetString()!);
            }

            i++;
        }

        if (list.Count < minItems)
        {
            Add($"{path}.{name}", $"needs at least {minItems} item(s)");
        }

        return list;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static bool IsNonFinite(string s) =>
        s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.TrimStart('+', '-').Equals("Infinity", StringComparison.OrdinalIgnoreCase) || s.TrimStart('+', '-').Equals("inf", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One bad field: its JSON path from the body's root ($) and what is wrong with it.</summary>
public sealed record FieldError(string Path, string Message);

/// <summary>The body had bad fields; the response lists each.</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldError> errors)
    : Exception($"{errors.Count} invalid field(s): " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

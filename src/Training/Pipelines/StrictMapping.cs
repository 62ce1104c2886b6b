using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// One mapping of a pipeline file (the top level or a section such as <c>split</c>) read strictly: keys it does
/// not know are reported when it is made, and each typed read reports a wrong type or an out-of-range value at the
/// key's line, naming the key by its path (<c>split.folds</c>). A read that fails returns the default, so reading
/// goes on and every problem is found; the caller throws before any value is used.
/// </summary>
internal sealed class StrictMapping
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    // unknownKeyHint gives the text to add to the message for a key this mapping does not take, or null to fall back
    // to a "did you mean" among the keys; at is where problems of the whole mapping are reported.
    public StrictMapping(
        YamlMappingNode node,
        string? section,
        IReadOnlyList<string> keys,
        PipelineErrorList errors,
        Func<string, string?>? unknownKeyHint = null,
        Mark? at = null)
    {
        Section = section;
        At = at ?? node.Start;
        Errors = errors;
        foreach ((YamlNode key, YamlNode value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalar || YamlScalars.IsNull(scalar))
            {
                errors.Add(key, $"keys must be plain names{In}, found {YamlScalars.Describe(key)}");
                continue;
            }

            if (!keys.Contains(name))
            {
                string hint = unknownKeyHint?.Invoke(name) ?? ClosestName.Hint(name, keys);
                errors.Add(key, $"unknown key '{name}'{In}{hint}");
                continue;
            }

            _entries[name] = (scalar, value);
        }
    }

    /// <summary>Where problems of the mapping as a whole are reported: the line of its key (<c>search:</c>), or the first line of the file.</summary>
    public Mark At { get; }

    public string? Section { get; }

    public PipelineErrorList Errors { get; }

    private string In => Section is null ? "" : $" in {Section}";

    public string PathOf(string key) => Section is null ? key : $"{Section}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value node, or null when the key is absent.</summary>
    public YamlNode? Value(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>The key node, or null when the key is absent.</summary>
    public YamlScalarNode? Key(string key) => _entries.TryGetValue(key, out var e) ? e.Key : null;

    /// <summary>Where a problem with the value of <paramref name="key"/> as a whole is reported: the key's line, even when the value is a block below it.</summary>
    public Mark KeyAt(string key) => Key(key)?.Start ?? At;

    /// <summary>True when the key is present with an explicit null (<c>trials: null</c>, <c>trials:</c>).</summary>
    public bool IsNull(string key) => Value(key) is YamlScalarNode s && YamlScalars.IsNull(s);

    /// <summary>Reports a key that must be present; <paramref name="what"/> says what it takes.</summary>
    public bool Require(string key, string what)
    {
        if (Has(key))
        {
            return true;
        }

        Errors.Add(At, Section is null ? $"missing required key '{key}': {what}" : $"{Section} is missing the required key '{key}': {what}");
        return false;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public int Int(string key, int fallback, int min, int max = int.MaxValue) =>
        NullableInt(key, min, max, nullAllowed: false) ?? fallback;

    /// <summary>An integer in range, or null when absent or null (and <paramref name="nullAllowed"/>).</summary>
    public int? NullableInt(string key, int min, int max = int.MaxValue, bool nullAllowed = true)
    {
        if (Value(key) is not { } node || (nullAllowed && IsNull(key)))
        {
            return null;
        }

        if (node is not YamlScalarNode s || !YamlScalars.TryInt(s, out int value))
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected a whole number, found {YamlScalars.Describe(node)}");
            return null;
        }

        if (value < min || value > max)
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: {RangeText(min, max)}, found {value}");
            return null;
        }

        return value;
    }

    /// <summary>A finite number above <paramref name="above"/> (exclusive) or from <paramref name="atLeast"/> (inclusive), at most <paramref name="max"/>; null when absent or null.</summary>
    public double? NullableDouble(string key, double? atLeast = null, double? above = null, double? max = null)
    {
        if (Value(key) is not { } node || IsNull(key))
        {
            return null;
        }

        if (node is not YamlScalarNode s || !YamlScalars.TryDouble(s, out double value))
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected a number, found {YamlScalars.Describe(node)}");
            return null;
        }

        string? broken = (atLeast, above, max) switch
        {
            ({ } lo, _, { } hi) when value < lo || value > hi => $"must be between {lo} and {hi}",
            ({ } lo, _, null) when value < lo => $"must be at least {lo}",
            (_, { } lo, _) when value <= lo => $"must be greater than {lo}",
            (_, { }, { } hi) when value > hi => $"must be at most {hi}",
            _ => null,
        };
        if (broken is not null)
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: {broken}, found {s.Value}");
            return null;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c>; <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback)
    {
        if (Value(key) is not { } node)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain)
        {
            return s.Value == "true";
        }

        Errors.Add(KeyAt(key), $"{PathOf(key)}: expected true or false, found {YamlScalars.Describe(node)}");
        return fallback;
    }

    /// <summary>A non-empty string (any non-null scalar: <c>data: 2024</c> is the directory "2024").</summary>
    public string? String(string key)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } text } s || YamlScalars.IsNull(s))
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected a non-empty string, found {YamlScalars.Describe(node)}");
            return null;
        }

        return text;
    }

    /// <summary>One of the names of <paramref name="names"/>; null when absent or wrong.</summary>
    public T? Enum<T>(string key, YamlNames<T> names)
        where T : struct, System.Enum
    {
        if (Value(key) is not { } node)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text } s || YamlScalars.IsNull(s))
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected one of {string.Join(", ", names.Names)}, found {YamlScalars.Describe(node)}");
            return null;
        }

        if (!names.TryParse(text, out T value))
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: unknown value '{text}'{ClosestName.Hint(text, names.Names)}: expected one of {string.Join(", ", names.Names)}");
            return null;
        }

        return value;
    }

    /// <summary>A nested mapping, read strictly; null when absent or null (an empty section).</summary>
    public StrictMapping? Nested(string key, IReadOnlyList<string> keys, Func<string, string?>? unknownKeyHint = null)
    {
        if (Value(key) is not { } node || IsNull(key))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected a mapping (keys indented under '{key}:'), found {YamlScalars.Describe(node)}");
            return null;
        }

        return new StrictMapping(mapping, PathOf(key), keys, Errors, unknownKeyHint, Key(key)!.Start);
    }

    /// <summary>
    /// A list of names, each with its node (for the column of a bad item); null when absent, or when it is not a
    /// list (reported). <c>[]</c> gives an empty list.
    /// </summary>
    public List<(string Name, YamlScalarNode Node)>? NameList(string key)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Errors.Add(KeyAt(key), $"{PathOf(key)}: expected a list ([a, b] or one '- item' per line), found {YamlScalars.Describe(node)}");
            return null;
        }

        var items = new List<(string, YamlScalarNode)>();
        foreach (YamlNode item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } text } s && !YamlScalars.IsNull(s))
            {
                items.Add((text, s));
            }
            else
            {
                Errors.Add(item, $"{PathOf(key)}: expected a name in the list, found {YamlScalars.Describe(item)}", withColumn: true);
            }
        }

        return items;
    }

    private static string RangeText(int min, int max) => max == int.MaxValue
        ? min == 1 ? "must be at least 1" : min == 0 ? "must not be negative" : $"must be at least {min}"
        : $"must be between {min} and {max}";
}

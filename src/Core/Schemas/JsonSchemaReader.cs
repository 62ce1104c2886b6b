using System.Globalization;
using System.Text.Json;

namespace MatchModels.Core.Schemas;

/// <summary>
/// Reads the subset of JSON Schema (draft 2020-12) that data/schemas uses into a <see cref="TableSchema"/>:
/// type (with "null" for nullable), format date-time, enum, minimum/maximum, minLength, minItems, required,
/// and the project's own keywords x-key, x-references, x-role and x-audit-only.
/// Anything else in a property is refused so that a schema edit can never be silently ignored.
/// </summary>
public static class JsonSchemaReader
{
    private static readonly HashSet<string> s_knownPropertyKeywords =
    [
        "type", "format", "enum", "minimum", "maximum", "minLength", "minItems", "items", "description",
        "x-references", "x-role", "x-audit-only",
    ];

    public static TableSchema Read(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        string name = root.GetProperty("title").GetString() ?? throw new FormatException("schema has no title");
        var required = root.TryGetProperty("required", out JsonElement req)
            ? req.EnumerateArray().Select(e => e.GetString()!).ToHashSet()
            : [];
        var key = root.TryGetProperty("x-key", out JsonElement k)
            ? k.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
        var columns = new List<ColumnSpec>();
        foreach (JsonProperty p in root.GetProperty("properties").EnumerateObject())
        {
            columns.Add(ReadColumn(name, p.Name, p.Value, required.Contains(p.Name)));
        }

        foreach (string r in required.Concat(key))
        {
            if (columns.All(c => c.Name != r))
            {
                throw new FormatException($"schema '{name}': '{r}' is required or a key but not a property");
            }
        }

        return new TableSchema(name, columns, key);
    }

    private static ColumnSpec ReadColumn(string table, string name, JsonElement p, bool required)
    {
        foreach (JsonProperty kw in p.EnumerateObject())
        {
            if (!s_knownPropertyKeywords.Contains(kw.Name))
            {
                throw new FormatException($"schema '{table}', property '{name}': unsupported keyword '{kw.Name}'");
            }
        }

        var types = p.GetProperty("type") is { ValueKind: JsonValueKind.Array } arr
            ? arr.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [p.GetProperty("type").GetString()!];
        bool nullable = types.Remove("null");
        if (types.Count != 1)
        {
            throw new FormatException($"schema '{table}', property '{name}': expected one non-null type");
        }

        string? format = p.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
        ColumnKind kind = (types[0], format) switch
        {
            ("string", "date-time") => ColumnKind.DateTime,
            ("string", null) => ColumnKind.String,
            ("integer", null) => ColumnKind.Integer,
            ("number", null) => ColumnKind.Number,
            ("boolean", null) => ColumnKind.Boolean,
            ("array", null) when p.GetProperty("items").GetProperty("type").GetString() == "string" => ColumnKind.StringList,
            _ => throw new FormatException($"schema '{table}', property '{name}': unsupported type '{types[0]}' format '{format}'"),
        };

        IReadOnlyList<string>? enumValues = p.TryGetProperty("enum", out JsonElement e)
            ? e.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : null;

        return new ColumnSpec(
            name,
            kind,
            required,
            nullable,
            Number(p, "minimum"),
            Number(p, "maximum"),
            enumValues,
            (int?)Number(p, "minLength") ?? (kind == ColumnKind.StringList ? (int?)Number(p.GetProperty("items"), "minLength") : null),
            (int?)Number(p, "minItems"),
            p.TryGetProperty("x-references", out JsonElement r) ? r.GetString() : null,
            p.TryGetProperty("x-role", out JsonElement role) ? role.GetString() : null,
            p.TryGetProperty("x-audit-only", out JsonElement a) && a.GetBoolean(),
            p.TryGetProperty("description", out JsonElement d) ? d.GetString() : null);
    }

    private static double? Number(JsonElement p, string keyword) =>
        p.TryGetProperty(keyword, out JsonElement v) ? v.GetDouble() : null;

    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Columns;
using MatchModels.Core.Schemas;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// The fields a profile carries for the columns the scored version's pipeline declared (ADR 0021), under the names
/// it declared them with. A missing field that is not optional, a value of the wrong type, a category value outside
/// the declared ones, and (for such a version) any field that is neither a participants schema field nor declared,
/// are each named by their JSON path: a misspelt declared field would otherwise be scored as missing.
/// Audit-only fields are accepted and never required, since scoring does not read them.
/// </summary>
internal static class DeclaredProfileFields
{
    // The fields a profile or a rank candidate may carry besides the schema's: the track record and the reporting line.
    private static readonly string[] s_extras = ["mentor_record", "manager_chain"];

    public static IReadOnlyDictionary<string, CustomValue>? Read(JsonFields f, JsonElement e, string path, IReadOnlyList<DeclaredColumn> declared)
    {
        if (declared.Count == 0)
        {
            return null;
        }

        foreach (JsonProperty field in e.EnumerateObject())
        {
            if (HistorySchemas.Participants.Find(field.Name) is null && !s_extras.Contains(field.Name) && !declared.Any(d => d.Name == field.Name))
            {
                f.Add($"{path}.{field.Name}", $"unknown field: a profile holds the participants schema's fields and the columns this version declares ({string.Join(", ", declared.Select(d => d.Name))})");
            }
        }

        var values = new Dictionary<string, CustomValue>(declared.Count, StringComparer.Ordinal);
        foreach (DeclaredColumn c in declared)
        {
            values[c.Name] = ReadOne(f, e, path, c);
        }

        return values;
    }

    private static CustomValue ReadOne(JsonFields f, JsonElement e, string path, DeclaredColumn c)
    {
        bool required = !c.Optional && !c.AuditOnly;
        string at = $"{path}.{c.Name}";
        switch (c.Type)
        {
            case DeclaredColumnType.Numeric:
                return f.Number(e, path, c.Name, required) is { } d ? CustomValue.Of(d) : CustomValue.Missing;
            case DeclaredColumnType.Integer:
                if (f.Number(e, path, c.Name, required) is not { } whole)
                {
                    return CustomValue.Missing;
                }

                if (Math.Floor(whole) != whole)
                {
                    f.Add(at, $"expected a whole number, found {whole.ToString(CultureInfo.InvariantCulture)}");
                }

                return CustomValue.Of(whole);
            case DeclaredColumnType.Boolean:
                if (required && f.Get(e, path, c.Name, required: true) is null)
                {
                    return CustomValue.Missing;
                }

                return f.Bool(e, path, c.Name) is { } b ? CustomValue.Of(b) : CustomValue.Missing;
            case DeclaredColumnType.Category:
                if (f.Text(e, path, c.Name, required) is not { } s)
                {
                    return CustomValue.Missing;
                }

                if (c.Values is { } allowed && !allowed.Contains(s, StringComparer.Ordinal))
                {
                    f.Add(at, $"unknown value '{s}': expected one of {string.Join(", ", allowed)}");
                }

                return CustomValue.Of(s);
            case DeclaredColumnType.List:
                return f.Strings(e, path, c.Name, required: false) is { } items
                    ? CustomValue.Of(items)
                    : required ? CustomValue.Of(Array.Empty<string>()) : CustomValue.Missing;
            default:
                return f.Text(e, path, c.Name, required: false, nonEmpty: false) is { } text ? CustomValue.Of(text) : CustomValue.Missing;
        }
    }
}

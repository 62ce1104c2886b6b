using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>
/// Validates JSON against one component schema of an OpenAPI document (the server's own, or the Open Inference
/// Protocol's), with JsonSchema.Net: the components become <c>$defs</c> of one 2020-12 schema, so their references
/// resolve, and the <c>x-</c> extension keywords are dropped.
/// </summary>
internal sealed partial class SchemaCheck
{
    private readonly JsonObject _defs;

    public SchemaCheck(JsonNode document)
    {
        string components = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        _defs = (JsonObject)JsonNode.Parse(components)!;
        DropExtensions(_defs);
    }

    public IReadOnlyCollection<string> Names => [.. _defs.Select(d => d.Key)];

    /// <summary>The JSON paths ($.a[0].b) the schema finds fault with; a missing required property is named by its own path, as the server names it.</summary>
    public IReadOnlyList<string> Faults(string schema, JsonNode? instance)
    {
        Assert.True(_defs.ContainsKey(schema), $"no schema {schema}");
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://matchmodels.test/{Guid.NewGuid():N}/{schema}",
            ["$defs"] = _defs.DeepClone(),
            ["$ref"] = $"#/$defs/{schema}",
        };
        JsonSchema compiled = JsonSchema.FromText(root.ToJsonString());
        using JsonDocument doc = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        EvaluationResults results = compiled.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var faults = new SortedSet<string>(StringComparer.Ordinal);
        foreach (EvaluationResults r in (results.Details ?? []).Where(d => !d.IsValid && d.Errors is { Count: > 0 }))
        {
            string at = JsonPath(r.InstanceLocation.ToString());
            foreach ((string keyword, string message) in r.Errors!)
            {
                if (keyword == "required")
                {
                    // The keyword fails at the object; its message names the missing properties, in quotes.
                    JsonNode? node = Locate(instance, r.InstanceLocation.ToString());
                    foreach (string name in Quoted().Matches(message).Select(m => m.Groups[1].Value).Where(n => node is not JsonObject o || !o.ContainsKey(n)))
                    {
                        faults.Add($"{at}.{name}");
                    }
                }
                else
                {
                    faults.Add(at);
                }
            }
        }

        return [.. faults];
    }

    /// <summary>Asserts that <paramref name="instance"/> fits <paramref name="schema"/>.</summary>
    public void Fits(string schema, JsonNode? instance)
    {
        IReadOnlyList<string> faults = Faults(schema, instance);
        Assert.True(faults.Count == 0, $"{schema} does not fit at {string.Join(", ", faults)}: {instance?.ToJsonString()}");
    }

    private static JsonNode? Locate(JsonNode? node, string pointer)
    {
        foreach (string raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node?[segment];
        }

        return node;
    }

    /// <summary>"/pairs/0/mentee" → "$.pairs[0].mentee", the server's notation.</summary>
    internal static string JsonPath(string pointer)
    {
        var path = new System.Text.StringBuilder("$");
        foreach (string raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path.Append(segment.All(char.IsAsciiDigit) ? $"[{segment}]" : $".{segment}");
        }

        return path.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Quoted();

    private static void DropExtensions(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (string key in o.Select(p => p.Key).Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
            {
                o.Remove(key);
            }

            foreach ((_, JsonNode? child) in o)
            {
                DropExtensions(child);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (JsonNode? child in a)
            {
                DropExtensions(child);
            }
        }
    }
}

using System.Globalization;
using MatchModels.Core.Schemas;
using MatchModels.Core.Suggestions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Core.Import;

/// <summary>
/// Reads an import mapping file strictly: every key it does not know is refused with its path and, when one is close,
/// the key it likely meant; every problem is reported with its line, all at once, before anything is used.
/// </summary>
/// <remarks>
/// <code>
/// timezone: Europe/Paris            # optional: how dates without an offset are read (UTC when absent)
/// tables:
///   participants:
///     file: employees.csv
///     columns:
///       participant_id: Employee ID                  # a source column, renamed
///       job_level: { from: Grade, values: { Analyst: 2, Sr. Manager: 7 } }
///       joined_at: { from: Start Date, formats: [dd/MM/yyyy] }
///       languages: { from: Languages, split: ";" }
///       mentor_capacity: { from: Max mentees, empty: 0 }  # written where the export cell is empty
///       programme_id: { constant: mentoring-2024 }   # a column the export lacks, stated explicitly
/// </code>
/// </remarks>
public static class ReadImportMapping
{
    private static readonly string[] s_topKeys = ["timezone", "tables"];
    private static readonly string[] s_tableKeys = ["file", "columns"];
    private static readonly string[] s_columnKeys = ["from", "constant", "values", "formats", "timezone", "split", "empty"];

    public static ImportMapping FromFile(string path)
    {
        string name = path;
        if (!File.Exists(path))
        {
            throw new ImportMappingException([new MappingError(name, null, Directory.Exists(path) ? "a folder, not a mapping file" : "no such mapping file")]);
        }

        return Parse(File.ReadAllText(path), name);
    }

    public static ImportMapping Parse(string yaml, string file)
    {
        var errors = new List<MappingError>();
        void Error(Mark at, string message) => errors.Add(new MappingError(file, (int)at.Line, message));

        YamlMappingNode? root = Load(yaml, file, errors);
        if (root is null)
        {
            throw new ImportMappingException(errors);
        }

        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> top = Entries(root, null, s_topKeys, Error);
        TimeZoneInfo? defaultZone = top.TryGetValue("timezone", out var tz) ? Zone(tz.Value, "timezone", Error) : null;
        var tables = new List<TableMapping>();
        if (!top.TryGetValue("tables", out var tablesEntry))
        {
            Error(root.Start, "missing required key 'tables': one entry per history table (participants, pairs, sessions, outcomes)");
        }
        else if (tablesEntry.Value is not YamlMappingNode tablesNode)
        {
            Error(tablesEntry.Key.Start, $"tables: expected a mapping of history tables, found {Describe(tablesEntry.Value)}");
        }
        else
        {
            var byName = Entries(tablesNode, "tables", HistorySchemas.All.Select(s => s.Name).ToArray(), Error);
            foreach (TableSchema schema in HistorySchemas.All)
            {
                if (!byName.TryGetValue(schema.Name, out var entry))
                {
                    Error(tablesEntry.Key.Start, $"tables: missing '{schema.Name}': every history table needs its export file (an export without {schema.Name} rows can be an empty file with a header)");
                    continue;
                }

                if (ReadTable(schema, entry.Key, entry.Value, defaultZone, Error) is { } table)
                {
                    tables.Add(table);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ImportMappingException([.. errors.OrderBy(e => e.Line ?? 0)]);
        }

        return new ImportMapping(file, tables);
    }

    private static TableMapping? ReadTable(TableSchema schema, YamlScalarNode key, YamlNode node, TimeZoneInfo? defaultZone, Action<Mark, string> error)
    {
        string path = $"tables.{schema.Name}";
        if (node is not YamlMappingNode mapping)
        {
            error(key.Start, $"{path}: expected a mapping with 'file' and 'columns', found {Describe(node)}");
            return null;
        }

        var entries = Entries(mapping, path, s_tableKeys, error);
        string? file = null;
        if (!entries.TryGetValue("file", out var fileEntry))
        {
            error(key.Start, $"{path}: missing required key 'file': the export file (in the export folder) that feeds {schema.Name}");
        }
        else
        {
            file = Text(fileEntry.Value, $"{path}.file", error);
        }

        var columns = new List<ColumnMapping>();
        if (!entries.TryGetValue("columns", out var columnsEntry))
        {
            error(key.Start, $"{path}: missing required key 'columns': where each column of {schema.Name} comes from");
            return null;
        }

        if (columnsEntry.Value is not YamlMappingNode columnsNode)
        {
            error(columnsEntry.Key.Start, $"{path}.columns: expected a mapping of {schema.Name} columns, found {Describe(columnsEntry.Value)}");
            return null;
        }

        var byColumn = Entries(columnsNode, $"{path}.columns", schema.Columns.Select(c => c.Name).ToArray(), error);
        foreach (ColumnSpec spec in schema.Columns)
        {
            if (byColumn.TryGetValue(spec.Name, out var entry))
            {
                if (ReadColumn(spec, $"{path}.columns.{spec.Name}", entry.Key, entry.Value, defaultZone, error) is { } column)
                {
                    columns.Add(column);
                }
            }
            else if (spec.Required)
            {
                error(columnsEntry.Key.Start, $"{path}.columns: no mapping for the required column '{spec.Name}' ({spec.ExpectedType}): "
                    + $"name its source column ('{spec.Name}: <export column>') or state a value ('{spec.Name}: {{ constant: ... }}')");
            }
        }

        return file is null ? null : new TableMapping(schema, file, columns, (int)key.Start.Line);
    }

    private static ColumnMapping? ReadColumn(ColumnSpec spec, string path, YamlScalarNode key, YamlNode node, TimeZoneInfo? defaultZone, Action<Mark, string> error)
    {
        int line = (int)key.Start.Line;
        if (node is YamlScalarNode)
        {
            return Text(node, path, error) is { } source
                ? new ColumnMapping(spec, path, line, source, null, null, null, defaultZone, spec.Kind == ColumnKind.StringList ? TableSchema.ListSeparator.ToString() : null)
                : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            error(key.Start, $"{path}: expected an export column name or a mapping with from/constant, found {Describe(node)}");
            return null;
        }

        var entries = Entries(mapping, path, s_columnKeys, error);
        string? from = entries.TryGetValue("from", out var f) ? Text(f.Value, $"{path}.from", error) : null;
        string? constant = entries.TryGetValue("constant", out var c) ? Text(c.Value, $"{path}.constant", error, allowEmpty: true) : null;
        if (entries.ContainsKey("from") == entries.ContainsKey("constant"))
        {
            error(key.Start, $"{path}: state exactly one of 'from' (an export column) and 'constant' (one value for every row)");
        }

        IReadOnlyDictionary<string, string?>? values = entries.TryGetValue("values", out var v) ? ValueMap(spec, $"{path}.values", v.Key, v.Value, error) : null;
        IReadOnlyList<string>? formats = entries.TryGetValue("formats", out var fm) ? Formats($"{path}.formats", fm.Key, fm.Value, error) : null;
        TimeZoneInfo? zone = entries.TryGetValue("timezone", out var z) ? Zone(z.Value, $"{path}.timezone", error) : defaultZone;
        string? split = entries.TryGetValue("split", out var s) ? Text(s.Value, $"{path}.split", error) : null;
        string? empty = entries.TryGetValue("empty", out var em) ? Text(em.Value, $"{path}.empty", error) : null;
        if (empty is not null && Problem(spec, empty) is { } badEmpty)
        {
            error(em.Key.Start, $"{path}.empty: {badEmpty}");
        }

        if (constant is not null && (values is not null || formats is not null || split is not null || empty is not null))
        {
            error(key.Start, $"{path}: a constant is written as the history reads it; 'values', 'formats', 'split' and 'empty' apply to an export column ('from')");
        }

        if ((formats is not null || entries.ContainsKey("timezone")) && spec.Kind != ColumnKind.DateTime)
        {
            error(key.Start, $"{path}: 'formats' and 'timezone' apply to date-time columns; {spec.Name} is {spec.ExpectedType}");
        }

        if (split is not null && spec.Kind != ColumnKind.StringList)
        {
            error(key.Start, $"{path}.split: only a list column is split; {spec.Name} is {spec.ExpectedType}");
        }

        if (constant is not null && Problem(spec, constant) is { } bad)
        {
            error(c.Key.Start, $"{path}.constant: {bad}");
        }

        split ??= spec.Kind == ColumnKind.StringList ? TableSchema.ListSeparator.ToString() : null;
        return new ColumnMapping(spec, path, line, from, constant, values, formats, zone, split, empty);
    }

    private static IReadOnlyDictionary<string, string?>? ValueMap(ColumnSpec spec, string path, YamlScalarNode key, YamlNode node, Action<Mark, string> error)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            error(key.Start, $"{path}: expected a mapping of export values to history values ('Sr. Manager: 7'), found {Describe(node)}");
            return null;
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach ((YamlNode k, YamlNode value) in mapping.Children)
        {
            if (k is not YamlScalarNode { Value: { } from } || value is not YamlScalarNode to)
            {
                error(k.Start, $"{path}: each entry maps one export value to one history value, found {Describe(k)}: {Describe(value)}");
                continue;
            }

            string? target = IsNull(to) ? null : to.Value;
            if (target is not null && Problem(spec, target) is { } bad)
            {
                error(k.Start, $"{path}.'{from}': {bad}");
            }

            map[from.Trim()] = target;
        }

        return map;
    }

    private static List<string>? Formats(string path, YamlScalarNode key, YamlNode node, Action<Mark, string> error)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        var formats = new List<string>();
        foreach (YamlNode item in items)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } format } s && !IsNull(s))
            {
                formats.Add(format);
            }
            else
            {
                error(item.Start, $"{path}: expected a date format such as dd/MM/yyyy or 'yyyy-MM-dd HH:mm', found {Describe(item)}");
            }
        }

        if (formats.Count == 0)
        {
            error(key.Start, $"{path}: expected at least one date format");
        }

        return formats;
    }

    private static TimeZoneInfo? Zone(YamlNode node, string path, Action<Mark, string> error)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } id } s && !IsNull(s))
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out TimeZoneInfo? zone))
            {
                return zone;
            }

            error(node.Start, $"{path}: unknown time zone '{id}': expected an IANA name such as UTC or Europe/Paris");
            return null;
        }

        error(node.Start, $"{path}: expected a time zone name such as UTC or Europe/Paris, found {Describe(node)}");
        return null;
    }

    /// <summary>Why <paramref name="value"/> cannot be a value of <paramref name="spec"/>, or null when it can.</summary>
    internal static string? Problem(ColumnSpec spec, string value)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        bool ok = spec.Kind switch
        {
            ColumnKind.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, inv, out _),
            ColumnKind.Number => double.TryParse(value, NumberStyles.Float, inv, out double d) && double.IsFinite(d),
            ColumnKind.Boolean => value is "true" or "false",
            ColumnKind.DateTime => DateTime.TryParse(value, inv, DateTimeStyles.AssumeUniversal, out _) && value.Contains('-', StringComparison.Ordinal),
            _ => spec.Enum is null || spec.Enum.Contains(value),
        };
        if (!ok)
        {
            string expected = spec.Enum is { } e ? $"one of {string.Join("|", e)}" : spec.ExpectedType;
            return $"'{value}' is not a value of {spec.Name}: expected {expected}";
        }

        return null;
    }

    private static YamlMappingNode? Load(string yaml, string file, List<MappingError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(new MappingError(file, (int)e.Start.Line, $"invalid YAML at column {e.Start.Column}: {(e.InnerException ?? e).Message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this rather than a YamlException on some unterminated flow collections ("[a, b").
            errors.Add(new MappingError(file, null, "invalid YAML: a '[' or '{' is not closed"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode s && IsNull(s))
        {
            errors.Add(new MappingError(file, null, "the mapping file is empty: it needs 'tables'"));
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new MappingError(file, (int)stream.Documents[0].RootNode.Start.Line, $"expected a mapping of keys (tables: ...) at the top level, found {Describe(stream.Documents[0].RootNode)}"));
            return null;
        }

        return root;
    }

    /// <summary>The mapping's entries by key; unknown keys are reported with their path and a "did you mean".</summary>
    private static Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode node, string? path, IReadOnlyList<string> keys, Action<Mark, string> error)
    {
        var entries = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach ((YamlNode key, YamlNode value) in node.Children)
        {
            string at = path is null ? "" : $" in {path}";
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } scalar)
            {
                error(key.Start, $"keys must be plain names{at}, found {Describe(key)}");
                continue;
            }

            if (!keys.Contains(name))
            {
                string full = path is null ? name : $"{path}.{name}";
                error(key.Start, $"unknown key '{full}'{ClosestName.Hint(name, keys)}: expected one of {string.Join(", ", keys)}");
                continue;
            }

            entries[name] = (scalar, value);
        }

        return entries;
    }

    /// <summary>A scalar's text; an empty one only when <paramref name="allowEmpty"/> and quoted (<c>constant: ""</c>, an empty goals text).</summary>
    private static string? Text(YamlNode node, string path, Action<Mark, string> error, bool allowEmpty = false)
    {
        if (node is YamlScalarNode { Value: { } text } s && !IsNull(s) && (text.Length > 0 || allowEmpty))
        {
            return text;
        }

        error(node.Start, $"{path}: expected a {(allowEmpty ? "" : "non-empty ")}text, found {Describe(node)}");
        return null;
    }

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };
}

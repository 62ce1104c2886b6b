using System.Text.RegularExpressions;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.Schemas;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Reads a pipeline's <c>columns:</c> section (pipelines/README.md, ADR 0021): the participant columns a company adds
/// to its history and the features each becomes. Every problem is reported at its line with the key path
/// (<c>columns[1].features</c>): an unknown key, a missing name or type, a transform the type does not take, values on a
/// column that is not a category, a name the participants schema already uses, two columns of one name, and two
/// columns whose features would share a name.
/// </summary>
internal static partial class ReadColumnsSection
{
    public static readonly string[] Keys = ["name", "type", "optional", "values", "audit_only", "features"];

    /// <summary>Declared column names become feature names and JSON field names: snake_case, at most this long.</summary>
    public const int MaxNameLength = 64;

    private static readonly YamlNames<DeclaredColumnType> s_types = new([.. Enum.GetValues<DeclaredColumnType>().Select(t => (t, DeclaredColumnNames.Of(t)))]);

    public static ValueList<DeclaredColumn> Read(StrictMapping top)
    {
        if (top.Value("columns") is not { } node || top.IsNull("columns"))
        {
            return [];
        }

        if (node is not YamlSequenceNode items)
        {
            top.Errors.Add(top.KeyAt("columns"), $"columns: expected a list of columns ('- name: …' per column), found {YamlScalars.Describe(node)}");
            return [];
        }

        var columns = new List<DeclaredColumn>();
        var names = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        var featureNames = new Dictionary<string, string>(StringComparer.Ordinal);
        int index = 0;
        foreach (YamlNode item in items.Children)
        {
            string path = $"columns[{index++}]";
            if (item is not YamlMappingNode mapping)
            {
                top.Errors.Add(item, $"{path}: expected a column with name, type and features, found {YamlScalars.Describe(item)}", withColumn: true);
                continue;
            }

            var column = new StrictMapping(mapping, path, Keys, top.Errors, at: mapping.Start);
            if (ReadOne(column, path, names) is not { } declared)
            {
                continue;
            }

            // Two columns may not make one feature name ('a_count' as a number and 'a' as a list both give custom_mentee_a_count).
            foreach (string feature in CustomFeatureEncoding.NamesOf(declared, ["*"]))
            {
                if (featureNames.TryGetValue(feature, out string? other))
                {
                    column.Errors.Add(column.KeyAt("name"), $"{path}.name: column '{declared.Name}' makes the feature '{feature}', which column '{other}' makes too: rename one of them");
                }
                else
                {
                    featureNames[feature] = declared.Name;
                }
            }

            columns.Add(declared);
        }

        return new ValueList<DeclaredColumn>(columns);
    }

    private static DeclaredColumn? ReadOne(StrictMapping column, string path, Dictionary<string, YamlScalarNode> names)
    {
        column.Require("name", "the column's name in the participants table, in snake_case");
        column.Require("type", $"one of {string.Join(", ", DeclaredColumnNames.Types)}");
        string? name = column.String("name");
        DeclaredColumnType? type = column.Enum("type", s_types);
        bool optional = column.Bool("optional", false);
        bool auditOnly = column.Bool("audit_only", false);
        bool nameOk = name is not null && CheckName(column, path, name, names);
        IReadOnlyList<string>? values = ReadValues(column, path, type);
        IReadOnlyList<ColumnTransform> features = ReadFeatures(column, path, type, auditOnly);
        return nameOk && type is { } t ? new DeclaredColumn(name!, t, optional, values, auditOnly, features) : null;
    }

    private static bool CheckName(StrictMapping column, string path, string name, Dictionary<string, YamlScalarNode> names)
    {
        YamlScalarNode node = column.Key("name")!;
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            column.Errors.Add(node, $"{path}.name: '{name}' is not a column name: use lower-case letters, digits and '_', starting with a letter, at most {MaxNameLength} characters (it names a column of the participants table and a field of the scoring API's profiles)");
            return false;
        }

        if (HistorySchemas.Participants.Find(name) is not null)
        {
            column.Errors.Add(node, $"{path}.name: '{name}' is a column of the participants schema (data/schemas/participants.schema.json), which the built-in features already read: declare only columns the schema does not have");
            return false;
        }

        if (names.TryGetValue(name, out YamlScalarNode? first))
        {
            column.Errors.Add(node, $"{path}.name: '{name}' is declared twice (first at line {first.Start.Line})");
            return false;
        }

        names[name] = node;
        return true;
    }

    private static IReadOnlyList<string>? ReadValues(StrictMapping column, string path, DeclaredColumnType? type)
    {
        if (!column.Has("values"))
        {
            return null;
        }

        if (type is { } t && t != DeclaredColumnType.Category)
        {
            column.Errors.Add(column.KeyAt("values"), $"{path}.values: only a category takes values, and this column is {DeclaredColumnNames.Of(t)}");
            return null;
        }

        if (column.NameList("values") is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            column.Errors.Add(column.KeyAt("values"), $"{path}.values: the list is empty: name the allowed values, or leave values out to fit them on the training rows");
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string value, YamlScalarNode node) in items)
        {
            if (!seen.Add(value))
            {
                column.Errors.Add(node, $"{path}.values: '{value}' is listed twice", withColumn: true);
            }
        }

        return items.Select(i => i.Name).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static IReadOnlyList<ColumnTransform> ReadFeatures(StrictMapping column, string path, DeclaredColumnType? type, bool auditOnly)
    {
        List<(string Name, YamlScalarNode Node)>? items = column.NameList("features");
        if (auditOnly)
        {
            if (items is { Count: > 0 })
            {
                column.Errors.Add(column.KeyAt("features"), $"{path}.features: an audit_only column is never a feature: remove features, or audit_only");
            }

            return [];
        }

        if (items is null || items.Count == 0)
        {
            if (items is not null || !column.Has("features"))
            {
                column.Errors.Add(column.KeyAt("features"), $"{path}.features: name at least one feature the column becomes{(type is { } t0 ? $" ({string.Join(", ", DeclaredColumn.TransformsOf(t0).Select(DeclaredColumnNames.Of))})" : "")}, or mark it audit_only: true");
            }

            return [];
        }

        var transforms = new List<ColumnTransform>();
        foreach ((string name, YamlScalarNode node) in items)
        {
            if (!DeclaredColumnNames.TryParse(name, out ColumnTransform transform))
            {
                column.Errors.Add(node, $"{path}.features: unknown feature '{name}'{ClosestName.Hint(name, DeclaredColumnNames.Transforms)}; the features are: {string.Join(", ", DeclaredColumnNames.Transforms)}", withColumn: true);
            }
            else if (type is { } t && !DeclaredColumn.TransformsOf(t).Contains(transform))
            {
                column.Errors.Add(node, $"{path}.features: '{name}' does not fit a {DeclaredColumnNames.Of(t)} column, which takes {string.Join(", ", DeclaredColumn.TransformsOf(t).Select(DeclaredColumnNames.Of))}", withColumn: true);
            }
            else if (transforms.Contains(transform))
            {
                column.Errors.Add(node, $"{path}.features: '{name}' is listed twice", withColumn: true);
            }
            else
            {
                transforms.Add(transform);
            }
        }

        return transforms;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();
}

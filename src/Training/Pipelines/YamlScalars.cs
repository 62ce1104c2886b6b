using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// How a pipeline file's scalars are read: YAML 1.2 core schema, where only a plain (unquoted) scalar can be null or a
/// number, so <c>seed: '42'</c> is a string and is refused where a number is expected.
/// </summary>
internal static partial class YamlScalars
{
    public static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool TryInt(YamlScalarNode s, out int value)
    {
        value = 0;
        return s.Style == ScalarStyle.Plain && IntPattern().IsMatch(s.Value ?? "")
            && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Finite numbers only: .inf and .nan are never a sensible setting.</summary>
    public static bool TryDouble(YamlScalarNode s, out double value)
    {
        value = 0;
        return s.Style == ScalarStyle.Plain && FloatPattern().IsMatch(s.Value ?? "")
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>What was found, for "expected X, found Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode { Style: ScalarStyle.Plain } s => $"'{s.Value}'",
        YamlScalarNode s => $"the quoted string '{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}

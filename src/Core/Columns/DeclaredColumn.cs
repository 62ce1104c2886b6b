using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Core.Columns;

/// <summary>The value types a declared participant column may hold (a pipeline's <c>columns:</c> section).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DeclaredColumnType>))]
public enum DeclaredColumnType
{
    /// <summary>A finite real number.</summary>
    Numeric,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of a set of values: the declared ones, or those fitted on the training rows.</summary>
    Category,

    /// <summary>A list of strings (joined with ';' in a file, a JSON array in a request).</summary>
    List,

    /// <summary>Free text.</summary>
    Text,
}

/// <summary>How a declared column becomes features: one side's own value, or a comparison of the two.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ColumnTransform>))]
public enum ColumnTransform
{
    /// <summary>The mentee's value (a category: one-hot; a list: its item count).</summary>
    Mentee,

    /// <summary>The mentor's value, as for the mentee.</summary>
    Mentor,

    /// <summary>1 when both have the same value.</summary>
    Same,

    /// <summary>|mentor − mentee|.</summary>
    AbsDiff,

    /// <summary>mentor − mentee.</summary>
    Diff,

    /// <summary>mentor ÷ mentee; 0 when the mentee's value is 0.</summary>
    Ratio,

    /// <summary>Items both lists hold (case-insensitive).</summary>
    Overlap,

    /// <summary>Shared items ÷ all distinct items; 0 when both lists are empty.</summary>
    Jaccard,

    /// <summary>TF-IDF cosine of the two texts, the vocabulary fitted on training participants.</summary>
    Similarity,
}

/// <summary>
/// One participant column a pipeline declares (<c>columns:</c> in pipelines/README.md): its name as the participants
/// table and the scoring API's profiles spell it, its type, whether a value may be missing, the allowed values of a
/// category, whether it is only an attribute for fairness groups (<paramref name="AuditOnly"/>), and the features it
/// becomes, in the declared order.
/// </summary>
public sealed record DeclaredColumn(
    string Name,
    DeclaredColumnType Type,
    bool Optional,
    IReadOnlyList<string>? Values,
    bool AuditOnly,
    IReadOnlyList<ColumnTransform> Features)
{
    /// <summary>The transforms each type takes.</summary>
    public static IReadOnlyList<ColumnTransform> TransformsOf(DeclaredColumnType type) => type switch
    {
        DeclaredColumnType.Numeric or DeclaredColumnType.Integer =>
            [ColumnTransform.Mentee, ColumnTransform.Mentor, ColumnTransform.AbsDiff, ColumnTransform.Diff, ColumnTransform.Ratio],
        DeclaredColumnType.Boolean or DeclaredColumnType.Category => [ColumnTransform.Mentee, ColumnTransform.Mentor, ColumnTransform.Same],
        DeclaredColumnType.List => [ColumnTransform.Mentee, ColumnTransform.Mentor, ColumnTransform.Overlap, ColumnTransform.Jaccard],
        _ => [ColumnTransform.Similarity],
    };

    /// <summary>Whether a missing value gets an indicator feature and a fitted fill; a missing list or text reads as empty instead.</summary>
    [JsonIgnore]
    public bool FillsMissing => Optional && Type is not (DeclaredColumnType.List or DeclaredColumnType.Text);

    /// <summary>Whether a value of this type can form fairness groups (a category or a boolean).</summary>
    [JsonIgnore]
    public bool Groupable => Type is DeclaredColumnType.Category or DeclaredColumnType.Boolean;

    // Records compare lists by reference; a parsed pipeline must equal the same pipeline parsed again.
    public bool Equals(DeclaredColumn? other) =>
        other is not null && Name == other.Name && Type == other.Type && Optional == other.Optional && AuditOnly == other.AuditOnly
        && (Values ?? Array.Empty<string>()).SequenceEqual(other.Values ?? Array.Empty<string>()) && (Values is null) == (other.Values is null) && Features.SequenceEqual(other.Features);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Optional, AuditOnly, Features.Count, Values?.Count);
}

/// <summary>The snake_case names pipeline files, model.json and messages use for the column types and transforms.</summary>
public static class DeclaredColumnNames
{
    public static string Of(DeclaredColumnType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    public static string Of(ColumnTransform transform) => JsonNamingPolicy.SnakeCaseLower.ConvertName(transform.ToString());

    public static IReadOnlyList<string> Types { get; } = Enum.GetValues<DeclaredColumnType>().Select(Of).ToArray();

    public static IReadOnlyList<string> Transforms { get; } = Enum.GetValues<ColumnTransform>().Select(Of).ToArray();

    public static bool TryParse(string name, out DeclaredColumnType type)
    {
        foreach (DeclaredColumnType t in Enum.GetValues<DeclaredColumnType>())
        {
            if (Of(t) == name)
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static bool TryParse(string name, out ColumnTransform transform)
    {
        foreach (ColumnTransform t in Enum.GetValues<ColumnTransform>())
        {
            if (Of(t) == name)
            {
                transform = t;
                return true;
            }
        }

        transform = default;
        return false;
    }
}

/// <summary>Enum values as their snake_case names in JSON ("abs_diff"), never as numbers.</summary>
public sealed class SnakeCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where T : struct, Enum;

using System.Text.Json.Serialization;
using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// One profile field whose values were missing in some training rows: the fill fitted on the training participants
/// (the median of a number, the most frequent department or site; a missing languages list reads as empty, so neither
/// is set for it), and the sides whose missing values were seen, each of which gets an indicator feature.
/// </summary>
public sealed record FieldFill(string Field, double? Number, string? Text, [property: JsonConverter(typeof(JsonStringEnumConverter<PairSides>))] PairSides Sides);

/// <summary>
/// What training decided about the optional profile fields (ADR 0022), saved in <see cref="FittedFeatureState.Profile"/>:
/// the fields absent from the training history (whose features were left out), and the fitted treatment of missing
/// values of the present ones: a fill and an indicator per side, <c>mentee_&lt;field&gt;_missing</c> and
/// <c>mentor_&lt;field&gt;_missing</c>, appended last in the model's input. A version without it was trained on a complete history.
/// </summary>
public sealed record ProfileTreatment(IReadOnlyList<string> Absent, IReadOnlyList<FieldFill> Fills)
{
    private IReadOnlyList<string>? _names;
    private Dictionary<string, FieldFill>? _byField;

    /// <summary>Nothing absent, nothing filled: what a version without a treatment was trained with.</summary>
    public static ProfileTreatment Complete { get; } = new([], []);

    /// <summary>The indicator features, in the model's order: per filled field, the mentee's then the mentor's.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> IndicatorNames => _names ??= [.. Fills.SelectMany(IndicatorsOf)];

    [JsonIgnore]
    public int Width => IndicatorNames.Count;

    public bool IsAbsent(string field) => Absent.Contains(field, StringComparer.Ordinal);

    /// <summary>The fill of a field, or null when training saw no missing value of it.</summary>
    public FieldFill? FillOf(string field)
    {
        _byField ??= Fills.ToDictionary(f => f.Field, StringComparer.Ordinal);
        return _byField.GetValueOrDefault(field);
    }

    /// <summary>Whether a missing value of <paramref name="field"/> on <paramref name="side"/> is filled (and flagged).</summary>
    public bool Covers(string field, PairSides side) => FillOf(field) is { } f && (f.Sides & side) == side;

    /// <summary>The number standing in for a missing value: the fitted fill, or 0 for a feature the model does not read.</summary>
    public double NumberFill(string field) => FillOf(field)?.Number ?? 0;

    /// <summary>The text standing in for a missing department or site; null when none was fitted.</summary>
    public string? TextFill(string field) => FillOf(field)?.Text;

    /// <summary>The indicators of one pair into <paramref name="row"/> (<see cref="Width"/> values): 1 where the value is missing.</summary>
    public void Encode(Participant mentee, Participant mentor, Span<float> row)
    {
        int k = 0;
        for (int i = 0; i < Fills.Count; i++)
        {
            FieldFill f = Fills[i];
            if ((f.Sides & PairSides.Mentee) != 0)
            {
                row[k++] = ProfileFields.Has(mentee, f.Field) ? 0f : 1f;
            }

            if ((f.Sides & PairSides.Mentor) != 0)
            {
                row[k++] = ProfileFields.Has(mentor, f.Field) ? 0f : 1f;
            }
        }
    }

    private static IEnumerable<string> IndicatorsOf(FieldFill f)
    {
        if ((f.Sides & PairSides.Mentee) != 0)
        {
            yield return $"mentee_{f.Field}_missing";
        }

        if ((f.Sides & PairSides.Mentor) != 0)
        {
            yield return $"mentor_{f.Field}_missing";
        }
    }
}

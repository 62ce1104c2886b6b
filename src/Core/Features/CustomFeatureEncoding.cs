using System.Globalization;
using System.Text.Json.Serialization;
using MatchModels.Core.Columns;
using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// What training fitted for one declared column: the fill for a missing value (the median of a number, the more
/// frequent boolean, the most frequent category, over the training participants), a category's one-hot levels
/// (the declared values, or the most frequent ones seen in training plus <see cref="CustomFeatureEncoding.OtherBucket"/>)
/// and a text's vocabulary.
/// </summary>
public sealed record FittedColumn(
    DeclaredColumn Column,
    double? NumberFill,
    string? CategoryFill,
    IReadOnlyList<string>? Categories,
    TfIdfVocabulary? Vocabulary);

/// <summary>
/// The features of a pipeline's declared participant columns (ADR 0021), appended after the builder's and the audit
/// columns: each side's own value and the pair comparisons each column declares, then, for an optional number,
/// boolean or category, a missing-value indicator per side. Everything it needs is fitted on the training
/// participants only and saved in <see cref="FittedFeatureState.Custom"/>, so scoring computes exactly what
/// training did. Audit-only columns are kept (serving accepts them) but give no feature.
/// </summary>
public sealed record CustomFeatureEncoding(IReadOnlyList<FittedColumn> Columns)
{
    /// <summary>
    /// A category without declared values keeps this many of its most frequent training values; the rest, and any
    /// value first seen when scoring, fall in <see cref="OtherBucket"/>. Twenty keeps a one-hot block small next to the
    /// builder's 26 features while covering the departments or job families of a typical programme.
    /// </summary>
    public const int MaxFittedCategories = 20;

    /// <summary>The one-hot level of values outside the fitted ones; parentheses keep it apart from any real value.</summary>
    public const string OtherBucket = "(other)";

    private IReadOnlyList<string>? _names;

    public static CustomFeatureEncoding None { get; } = new([]);

    [JsonIgnore]
    public IReadOnlyList<string> Names => _names ??= Columns.SelectMany(c => NamesOf(c.Column, c.Categories ?? [])).ToArray();

    [JsonIgnore]
    public int Width => Names.Count;

    /// <summary>The declared columns, audit-only ones included.</summary>
    [JsonIgnore]
    public IEnumerable<DeclaredColumn> Declared => Columns.Select(c => c.Column);

    /// <summary>Fits every declared column on the training participants (each person once, whatever their pairs).</summary>
    public static CustomFeatureEncoding Fit(IReadOnlyList<DeclaredColumn> declared, IEnumerable<Participant> training)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (declared.Count == 0)
        {
            return None;
        }

        var people = new SortedDictionary<string, Participant>(StringComparer.Ordinal);
        foreach (Participant p in training)
        {
            people[p.ParticipantId] = p;
        }

        return new CustomFeatureEncoding(declared.Select(c => FitOne(c, people.Values)).ToArray());
    }

    private static FittedColumn FitOne(DeclaredColumn c, IEnumerable<Participant> people)
    {
        var values = people.Select(p => ValueOf(p, c.Name)).Where(v => !v.IsMissing).ToList();
        switch (c.Type)
        {
            case DeclaredColumnType.Numeric or DeclaredColumnType.Integer:
                return new FittedColumn(c, c.FillsMissing ? FillValues.Median(values.Select(v => v.Number!.Value).ToList()) : null, null, null, null);
            case DeclaredColumnType.Boolean:
                int trues = values.Count(v => v.Number == 1);
                return new FittedColumn(c, c.FillsMissing ? (trues * 2 > values.Count ? 1 : 0) : null, null, null, null);
            case DeclaredColumnType.Category:
                var counts = values.GroupBy(v => v.Text!, StringComparer.Ordinal)
                    .Select(g => (Value: g.Key, Count: g.Count()))
                    .OrderByDescending(x => x.Count).ThenBy(x => x.Value, StringComparer.Ordinal).ToList();
                string? fill = c.FillsMissing && counts.Count > 0 ? counts[0].Value : null;
                IReadOnlyList<string> levels = c.Values is { } declared
                    ? declared
                    : [.. counts.Take(MaxFittedCategories).Select(x => x.Value).Order(StringComparer.Ordinal), OtherBucket];
                return new FittedColumn(c, null, fill, levels, null);
            case DeclaredColumnType.Text when c.Features.Contains(ColumnTransform.Similarity):
                return new FittedColumn(c, null, null, null, TfIdfVocabulary.Fit(values.Select(v => v.Text!)));
            default:
                return new FittedColumn(c, null, null, null, null);
        }
    }

    /// <summary>The feature names of one column, given its one-hot levels (none for other types).</summary>
    public static IEnumerable<string> NamesOf(DeclaredColumn c, IReadOnlyList<string> categories)
    {
        if (c.AuditOnly)
        {
            yield break;
        }

        string n = c.Name;
        foreach (ColumnTransform t in c.Features)
        {
            switch (t)
            {
                case ColumnTransform.Mentee or ColumnTransform.Mentor:
                    string side = t == ColumnTransform.Mentee ? "mentee" : "mentor";
                    if (c.Type == DeclaredColumnType.Category)
                    {
                        foreach (string level in categories)
                        {
                            yield return $"custom_{side}_{n}={level}";
                        }
                    }
                    else
                    {
                        yield return c.Type == DeclaredColumnType.List ? $"custom_{side}_{n}_count" : $"custom_{side}_{n}";
                    }

                    break;
                default:
                    yield return $"custom_{n}_{DeclaredColumnNames.Of(t)}";
                    break;
            }
        }

        if (c.FillsMissing)
        {
            yield return $"custom_mentee_{n}_missing";
            yield return $"custom_mentor_{n}_missing";
        }
    }

    /// <summary>One pair's custom features into <paramref name="row"/> (<see cref="Width"/> values).</summary>
    public void Encode(Participant mentee, Participant mentor, Span<float> row)
    {
        int k = 0;
        foreach (FittedColumn f in Columns)
        {
            DeclaredColumn c = f.Column;
            if (c.AuditOnly)
            {
                continue;
            }

            CustomValue a = ValueOf(mentee, c.Name), b = ValueOf(mentor, c.Name);
            foreach (ColumnTransform t in c.Features)
            {
                k = c.Type switch
                {
                    DeclaredColumnType.Category => Category(f, t, a, b, row, k),
                    DeclaredColumnType.List => List(t, a, b, row, k),
                    DeclaredColumnType.Text => Text(f, a, b, row, k),
                    _ => Number(f, t, a, b, row, k),
                };
            }

            if (c.FillsMissing)
            {
                row[k++] = a.IsMissing ? 1f : 0f;
                row[k++] = b.IsMissing ? 1f : 0f;
            }
        }
    }

    private static int Number(FittedColumn f, ColumnTransform t, CustomValue a, CustomValue b, Span<float> row, int k)
    {
        double x = a.Number ?? f.NumberFill ?? 0, y = b.Number ?? f.NumberFill ?? 0;
        row[k] = (float)(t switch
        {
            ColumnTransform.Mentee => x,
            ColumnTransform.Mentor => y,
            ColumnTransform.Same => x == y ? 1 : 0,
            ColumnTransform.AbsDiff => Math.Abs(y - x),
            ColumnTransform.Diff => y - x,
            _ => x == 0 ? 0 : y / x,
        });
        return k + 1;
    }

    private static int Category(FittedColumn f, ColumnTransform t, CustomValue a, CustomValue b, Span<float> row, int k)
    {
        IReadOnlyList<string> levels = f.Categories!;
        string? x = a.Text ?? f.CategoryFill, y = b.Text ?? f.CategoryFill;
        if (t == ColumnTransform.Same)
        {
            row[k] = x is not null && string.Equals(x, y, StringComparison.Ordinal) ? 1f : 0f;
            return k + 1;
        }

        int hot = Level(levels, t == ColumnTransform.Mentee ? x : y);
        for (int i = 0; i < levels.Count; i++)
        {
            row[k + i] = i == hot ? 1f : 0f;
        }

        return k + levels.Count;
    }

    private static int Level(IReadOnlyList<string> levels, string? value)
    {
        if (value is null)
        {
            return -1;
        }

        for (int i = 0; i < levels.Count; i++)
        {
            if (string.Equals(levels[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        // Declared values never reach here (loading and serving refuse others); fitted levels end with the other bucket.
        return levels.Count > 0 && levels[^1] == OtherBucket ? levels.Count - 1 : -1;
    }

    private static int List(ColumnTransform t, CustomValue a, CustomValue b, Span<float> row, int k)
    {
        IReadOnlyList<string> x = a.Items ?? [], y = b.Items ?? [];
        (int overlap, double jaccard) = t is ColumnTransform.Overlap or ColumnTransform.Jaccard ? PairFeatureBuilder.SkillOverlap(x, y) : (0, 0);
        row[k] = t switch
        {
            ColumnTransform.Mentee => Distinct(x),
            ColumnTransform.Mentor => Distinct(y),
            ColumnTransform.Overlap => overlap,
            _ => (float)jaccard,
        };
        return k + 1;
    }

    private static int Distinct(IReadOnlyList<string> items) =>
        items.Select(i => i.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    private static int Text(FittedColumn f, CustomValue a, CustomValue b, Span<float> row, int k)
    {
        TfIdfVocabulary vocabulary = f.Vocabulary!;
        row[k] = (float)vocabulary.Vectorise(a.Text ?? "").Cosine(vocabulary.Vectorise(b.Text ?? ""));
        return k + 1;
    }

    /// <summary>The participant's value of a declared column; missing when the participant carries none.</summary>
    public static CustomValue ValueOf(Participant p, string column) =>
        p.Custom is { } values && values.TryGetValue(column, out CustomValue v) ? v : CustomValue.Missing;

    /// <summary>The value as a fairness group or audit attribute: a category's value, a boolean's true/false.</summary>
    public static string? GroupOf(Participant p, DeclaredColumn c)
    {
        CustomValue v = ValueOf(p, c.Name);
        return c.Type switch
        {
            DeclaredColumnType.Boolean => v.Number is { } n ? (n == 1 ? "true" : "false") : null,
            DeclaredColumnType.Category or DeclaredColumnType.Text => v.Text,
            _ => v.Number?.ToString(CultureInfo.InvariantCulture),
        };
    }
}

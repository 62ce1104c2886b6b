using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// One-hot columns for audit-only attributes a pipeline explicitly allowed as features (allow_audit_features):
/// for each attribute, one column per category seen in the training rows, for the mentee and for the mentor
/// ("mentee_gender=female"). Categories are fitted on training rows only and saved with the model.
/// </summary>
public sealed record AuditFeatureEncoding(IReadOnlyList<string> Attributes, IReadOnlyDictionary<string, string[]> Categories)
{
    public static AuditFeatureEncoding None { get; } = new([], new Dictionary<string, string[]>());

    public static AuditFeatureEncoding Fit(IReadOnlyList<string> attributes, IEnumerable<(Participant Mentee, Participant Mentor)> training)
    {
        var rows = training.ToList();
        var categories = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string a in attributes)
        {
            categories[a] = rows.SelectMany(r => new[] { ParticipantGrouping.Of(r.Mentee, a), ParticipantGrouping.Of(r.Mentor, a) })
                .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }

        return new AuditFeatureEncoding(attributes, categories);
    }

    public IReadOnlyList<string> ColumnNames =>
        Attributes.SelectMany(a => new[] { "mentee", "mentor" }.SelectMany(role => Categories[a].Select(c => $"{role}_{a}={c}"))).ToArray();

    public int Width => ColumnNames.Count;

    public void Encode(Participant mentee, Participant mentor, Span<float> row)
    {
        // Loops by index without allocating: scoring encodes every candidate row.
        int k = 0;
        for (int i = 0; i < Attributes.Count; i++)
        {
            string a = Attributes[i];
            string[] categories = Categories[a];
            k = EncodeOne(ParticipantGrouping.Of(mentee, a), categories, row, k);
            k = EncodeOne(ParticipantGrouping.Of(mentor, a), categories, row, k);
        }
    }

    private static int EncodeOne(string? value, string[] categories, Span<float> row, int k)
    {
        for (int c = 0; c < categories.Length; c++)
        {
            row[k++] = value == categories[c] ? 1f : 0f;
        }

        return k;
    }
}

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
        int k = 0;
        foreach (string a in Attributes)
        {
            foreach (Participant p in (Participant[])[mentee, mentor])
            {
                string? value = ParticipantGrouping.Of(p, a);
                foreach (string c in Categories[a])
                {
                    row[k++] = value == c ? 1f : 0f;
                }
            }
        }
    }
}

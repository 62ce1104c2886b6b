using System.Globalization;

namespace MatchModels.Synthetic;

/// <summary>Which part of the world changes at the drift date (docs/synthetic-data.md, "Drift").</summary>
public enum DriftKind
{
    /// <summary>Nothing changes.</summary>
    None,

    /// <summary>Later cohorts come increasingly from new, distant sites and are more junior; the success model is unchanged.</summary>
    Covariate,

    /// <summary>The participants are drawn as before, but the success model changes (remote-first policy).</summary>
    Concept,

    /// <summary>Both covariate and concept drift, at the same date.</summary>
    Mixed,

    /// <summary>
    /// Three fields of the new mentees change (tenure, availability, job level) and nothing else: a covariate shift whose
    /// effect on the model's features is known exactly (docs/synthetic-data.md, "Drift").
    /// </summary>
    Profile,

    /// <summary>
    /// A strong concept drift: the remote-first change, and what a pair shares (skills, goals) stops making it succeed; the
    /// participants are drawn as before.
    /// </summary>
    Overhaul,
}

/// <summary>
/// A drift to inject: its kind and, optionally, the date it starts (cohorts starting on or after that
/// date are affected). Without a date it starts with the middle cohort.
/// </summary>
public sealed record DriftSpec(DriftKind Kind, DateOnly? ChangeDate = null)
{
    private const string Accepted =
        "expected none, covariate, concept, mixed, profile or overhaul, optionally followed by :YYYY-MM-DD (e.g. concept:2024-03-25)";

    public static DriftSpec None { get; } = new(DriftKind.None);

    public bool ShiftsCovariates => Kind is DriftKind.Covariate or DriftKind.Mixed;

    public bool ShiftsConcept => Kind is DriftKind.Concept or DriftKind.Mixed or DriftKind.Overhaul;

    /// <summary>The success model in force from the change date when <see cref="ShiftsConcept"/>.</summary>
    internal SuccessCoefficients ConceptAfterChange => Kind == DriftKind.Overhaul ? SuccessCoefficients.Overhaul : SuccessCoefficients.RemoteFirst;

    public bool ShiftsMenteeProfiles => Kind is DriftKind.Profile;

    /// <summary>
    /// Parses <c>none</c>, <c>covariate</c>, <c>concept</c>, <c>mixed</c>, <c>profile</c> or <c>overhaul</c>, each optionally followed by
    /// <c>:YYYY-MM-DD</c> (case and surrounding blanks ignored).
    /// </summary>
    /// <exception cref="FormatException">The spec names an unknown kind or a bad date; the message says which part and what is accepted.</exception>
    public static DriftSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string kindPart = colon < 0 ? text : text[..colon].Trim();
        DriftKind kind = kindPart.ToLowerInvariant() switch
        {
            "none" => DriftKind.None,
            "covariate" => DriftKind.Covariate,
            "concept" => DriftKind.Concept,
            "mixed" => DriftKind.Mixed,
            "profile" => DriftKind.Profile,
            "overhaul" => DriftKind.Overhaul,
            _ => throw new FormatException(kindPart.Length == 0
                ? $"bad drift spec '{spec}': the drift kind is missing; {Accepted}"
                : $"bad drift spec '{spec}': unknown drift kind '{kindPart}'; {Accepted}"),
        };
        if (colon < 0)
        {
            return new DriftSpec(kind);
        }

        string datePart = text[(colon + 1)..].Trim();
        if (!DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            throw new FormatException(datePart.Length == 0
                ? $"bad drift spec '{spec}': the change date after ':' is missing; {Accepted}"
                : $"bad drift spec '{spec}': change date '{datePart}' is not a valid YYYY-MM-DD date; {Accepted}");
        }

        return new DriftSpec(kind, date);
    }

    /// <summary>The spec in the form <see cref="Parse"/> reads back.</summary>
    public override string ToString()
    {
        string kind = Kind.ToString().ToLowerInvariant();
        return ChangeDate is { } d ? $"{kind}:{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : kind;
    }
}

using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>Which side of a pair a feature reads a field of.</summary>
[Flags]
public enum PairSides
{
    Mentee = 1,
    Mentor = 2,
    Both = Mentee | Mentor,
}

/// <summary>One participants field a feature reads, and on which side.</summary>
public sealed record FieldRead(string Field, PairSides Sides);

/// <summary>
/// The participants fields a builder feature reads (ADR 0022). A feature is left out of a model when a field it needs is
/// absent from the training history; with <see cref="AnyOf"/> it is left out only when every field it reads is absent
/// (the text features read skills and goals_text together, and either alone is a document).
/// </summary>
public sealed record FeatureNeeds(IReadOnlyList<FieldRead> Reads, bool AnyOf)
{
    /// <summary>A feature of the pairs and sessions tables alone (track record, engagement): it is never left out.</summary>
    public static FeatureNeeds Nothing { get; } = new([], false);

    /// <summary>Every field, on both sides.</summary>
    public static FeatureNeeds Both(params string[] fields) => new([.. fields.Select(f => new FieldRead(f, PairSides.Both))], false);

    /// <summary>Any one of the fields, on both sides.</summary>
    public static FeatureNeeds EitherOf(params string[] fields) => new([.. fields.Select(f => new FieldRead(f, PairSides.Both))], true);

    /// <summary>One field of one side.</summary>
    public static FeatureNeeds Of(string field, PairSides sides) => new([new FieldRead(field, sides)], false);

    /// <summary>The fields read that <paramref name="isAbsent"/> names, when they keep the feature out; empty when it can be computed.</summary>
    public IReadOnlyList<string> Missing(Func<string, bool> isAbsent)
    {
        ArgumentNullException.ThrowIfNull(isAbsent);
        var absent = Reads.Select(r => r.Field).Where(isAbsent).Distinct(StringComparer.Ordinal).ToList();
        return AnyOf && absent.Count < Reads.Select(r => r.Field).Distinct(StringComparer.Ordinal).Count() ? [] : absent;
    }
}

/// <summary>
/// The optional participants fields the builder reads (data/schemas/participants.schema.json), with the one place that
/// says whether a participant holds a value of each and what that value is.
/// </summary>
public static class ProfileFields
{
    public const string Department = "department";
    public const string Site = "site";
    public const string TimezoneOffsetH = "timezone_offset_h";
    public const string JobLevel = "job_level";
    public const string TenureYears = "tenure_years";
    public const string ManagerId = "manager_id";
    public const string Languages = "languages";
    public const string Skills = "skills";
    public const string GoalsText = "goals_text";
    public const string AvailabilityHPerMonth = "availability_h_per_month";
    public const string MentorCapacity = "mentor_capacity";

    /// <summary>The fields a builder feature may read, in the schema's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Department, Site, TimezoneOffsetH, JobLevel, TenureYears, ManagerId, Languages, Skills, GoalsText, AvailabilityHPerMonth, MentorCapacity];

    /// <summary>
    /// The fields whose single missing values get a fitted fill and an indicator. Not skills and goals_text, whose empty
    /// cell is an empty list or text (a present value), nor manager_id, whose null means "no manager among the participants".
    /// </summary>
    public static IReadOnlyList<string> Fillable { get; } =
        [Department, Site, TimezoneOffsetH, JobLevel, TenureYears, Languages, AvailabilityHPerMonth, MentorCapacity];

    /// <summary>The numeric fields, filled with the training median.</summary>
    public static bool IsNumber(string field) => field is TimezoneOffsetH or JobLevel or TenureYears or AvailabilityHPerMonth or MentorCapacity;

    /// <summary>Whether a field is read only of mentors: mentor_capacity is 0 or empty for mentees.</summary>
    public static bool MentorsOnly(string field) => field == MentorCapacity;

    /// <summary>Whether <paramref name="p"/> holds a value of <paramref name="field"/>.</summary>
    public static bool Has(Participant p, string field)
    {
        ArgumentNullException.ThrowIfNull(p);
        return field switch
        {
            Department => p.Department is not null,
            Site => p.Site is not null,
            TimezoneOffsetH => p.TimezoneOffsetH is not null,
            JobLevel => p.JobLevel is not null,
            TenureYears => p.TenureYears is not null,
            ManagerId => p.ManagerId is not null,
            Languages => p.Languages is not null,
            Skills => p.Skills is not null,
            GoalsText => p.GoalsText is not null,
            AvailabilityHPerMonth => p.AvailabilityHPerMonth is not null,
            MentorCapacity => p.MentorCapacity is not null,
            _ => throw new ArgumentException($"no profile field named '{field}'", nameof(field)),
        };
    }

    /// <summary>A numeric field's value, or null.</summary>
    public static double? Number(Participant p, string field)
    {
        ArgumentNullException.ThrowIfNull(p);
        return field switch
        {
            TimezoneOffsetH => p.TimezoneOffsetH,
            JobLevel => p.JobLevel,
            TenureYears => p.TenureYears,
            AvailabilityHPerMonth => p.AvailabilityHPerMonth,
            MentorCapacity => p.MentorCapacity,
            _ => throw new ArgumentException($"'{field}' is not a numeric profile field", nameof(field)),
        };
    }

    /// <summary>A text field's value (department, site), or null.</summary>
    public static string? Text(Participant p, string field)
    {
        ArgumentNullException.ThrowIfNull(p);
        return field switch
        {
            Department => p.Department,
            Site => p.Site,
            _ => throw new ArgumentException($"'{field}' is not a text profile field", nameof(field)),
        };
    }
}

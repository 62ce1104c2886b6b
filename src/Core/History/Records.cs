using MatchModels.Core.Columns;

namespace MatchModels.Core.History;

public enum Role
{
    Mentee,
    Mentor,
}

public enum MatchSource
{
    Manual,
    Algorithm,
    SelfSelected,
}

public enum EndReason
{
    Completed,
    MenteeDropped,
    MentorDropped,
    Rematched,
    ProgrammeEnded,
}

/// <summary>
/// A row of participants (data/schemas/participants.schema.json). Profile fields as recorded at <see cref="JoinedAt"/>.
/// <see cref="Custom"/> holds the values of the columns a pipeline declares (ADR 0021), by column name; null when it
/// declares none. Only the identifiers, role, cohort and joined_at are required (ADR 0022): every profile field is null
/// when the history lacks its column or the cell is empty (skills and goals_text read an empty cell as empty).
/// </summary>
public sealed record Participant(
    string ParticipantId,
    string ProgrammeId,
    string CohortId,
    Role Role,
    DateTime JoinedAt,
    string? Department,
    string? Site,
    double? TimezoneOffsetH,
    int? JobLevel,
    double? TenureYears,
    string? ManagerId,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<string>? Skills,
    string? GoalsText,
    double? AvailabilityHPerMonth,
    int? MentorCapacity,
    string? Gender = null,
    string? AgeBand = null,
    IReadOnlyDictionary<string, CustomValue>? Custom = null);

/// <summary>A row of pairs (data/schemas/pairs.schema.json).</summary>
public sealed record Pair(
    string PairId,
    string ProgrammeId,
    string CohortId,
    string MenteeId,
    string MentorId,
    DateTime MatchedAt,
    MatchSource MatchSource,
    bool Accepted,
    DateTime? EndedAt,
    EndReason? EndReason);

/// <summary>A row of sessions (data/schemas/sessions.schema.json).</summary>
public sealed record Session(string PairId, DateTime HeldAt, double DurationMin, int? MenteeRating, int? MentorRating);

/// <summary>A row of outcomes (data/schemas/outcomes.schema.json); the goals counts are null when not surveyed.</summary>
public sealed record Outcome(
    string PairId,
    DateTime SurveyedAt,
    int? MenteeSatisfaction,
    int? MentorSatisfaction,
    int? GoalsSet,
    int? GoalsAchieved);

/// <summary>A whole programme history, validated: every reference resolves and every time order holds.</summary>
public sealed record ProgrammeHistory(
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<Pair> Pairs,
    IReadOnlyList<Session> Sessions,
    IReadOnlyList<Outcome> Outcomes)
{
    /// <summary>The optional participant_changes table: attribute changes after joined_at, in file order; empty without one.</summary>
    public IReadOnlyList<AttributeChange> Changes { get; init; } = [];
}

/// <summary>The snake_case names the files use for the enums.</summary>
public static class EnumNames
{
    public static string Of(Role r) => r == Role.Mentee ? "mentee" : "mentor";

    public static string Of(MatchSource s) => s switch
    {
        MatchSource.Manual => "manual",
        MatchSource.Algorithm => "algorithm",
        _ => "self_selected",
    };

    public static string Of(EndReason r) => r switch
    {
        EndReason.Completed => "completed",
        EndReason.MenteeDropped => "mentee_dropped",
        EndReason.MentorDropped => "mentor_dropped",
        EndReason.Rematched => "rematched",
        _ => "programme_ended",
    };

    public static Role ParseRole(string s) => s == "mentor" ? Role.Mentor : s == "mentee" ? Role.Mentee : throw Bad(s, "role");

    public static MatchSource ParseMatchSource(string s) => s switch
    {
        "manual" => MatchSource.Manual,
        "algorithm" => MatchSource.Algorithm,
        "self_selected" => MatchSource.SelfSelected,
        _ => throw Bad(s, "match_source"),
    };

    public static EndReason ParseEndReason(string s) => s switch
    {
        "completed" => EndReason.Completed,
        "mentee_dropped" => EndReason.MenteeDropped,
        "mentor_dropped" => EndReason.MentorDropped,
        "rematched" => EndReason.Rematched,
        "programme_ended" => EndReason.ProgrammeEnded,
        _ => throw Bad(s, "end_reason"),
    };

    private static FormatException Bad(string s, string what) => new($"unknown {what} '{s}'");
}

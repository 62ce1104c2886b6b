namespace MatchModels.Core.History;

/// <summary>
/// A row of participant_changes (data/schemas/participant_changes.schema.json): from <see cref="EffectiveFrom"/> on, the
/// participant's <see cref="Column"/> holds <see cref="Value"/>, typed as the participants column is (string, double, int,
/// a list of strings, or null for a manager_id removed). The participants row is the profile at joined_at; its changes
/// apply in time order.
/// </summary>
public sealed record AttributeChange(string ParticipantId, DateTime EffectiveFrom, string Column, object? Value)
{
    /// <summary>
    /// The participants columns a change may name (the schema's enum): the profile fields a reorganisation, a promotion or
    /// a move changes. Not mentor_capacity: the capacity check of the pairs reads the participants row.
    /// </summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["department", "site", "timezone_offset_h", "job_level", "manager_id", "languages", "skills", "goals_text", "availability_h_per_month"];

    /// <summary>The participant with this change applied.</summary>
    public Participant ApplyTo(Participant p) => Column switch
    {
        "department" => p with { Department = (string?)Value },
        "site" => p with { Site = (string?)Value },
        "timezone_offset_h" => p with { TimezoneOffsetH = (double?)Value },
        "job_level" => p with { JobLevel = (int?)Value },
        "manager_id" => p with { ManagerId = (string?)Value },
        "languages" => p with { Languages = (IReadOnlyList<string>?)Value },
        "skills" => p with { Skills = (IReadOnlyList<string>?)Value },
        "goals_text" => p with { GoalsText = (string?)Value },
        "availability_h_per_month" => p with { AvailabilityHPerMonth = (double?)Value },
        _ => throw new InvalidOperationException($"participant_changes cannot change column '{Column}'"),
    };
}

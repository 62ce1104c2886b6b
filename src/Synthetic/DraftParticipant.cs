using MatchModels.Core.History;

namespace MatchModels.Synthetic;

/// <summary>
/// A participant while the history is being generated: the profile that becomes a <see cref="Participant"/>
/// row, the latent topics behind its goals text and skills, and (for mentors) the running pairs.
/// </summary>
internal sealed class DraftParticipant
{
    public required int Index { get; init; }

    public required Role Role { get; init; }

    public required int Cohort { get; init; }

    public required DateTime JoinedAt { get; init; }

    public required int Department { get; init; }

    public required Site Site { get; init; }

    public required int JobLevel { get; init; }

    public required double TenureYears { get; init; }

    public required IReadOnlyList<string> Languages { get; init; }

    public required int LanguageMask { get; init; }

    /// <summary>Topics as a bit mask over <see cref="TopicIds.All"/>: goals for a mentee, what a mentor offers.</summary>
    public required int TopicMask { get; init; }

    public required IReadOnlyList<string> Skills { get; init; }

    /// <summary>Skills as a bit mask over skill slots (<see cref="TopicIds.FirstSkill"/>).</summary>
    public required ulong SkillMask { get; init; }

    public required string GoalsText { get; init; }

    public required double AvailabilityHPerMonth { get; init; }

    public required int MentorCapacity { get; init; }

    public required string? Gender { get; init; }

    public required string? AgeBand { get; init; }

    /// <summary>The extra HR columns (<see cref="ExtraColumns"/>), or null when the history has none.</summary>
    public ExtraTraits? Extra { get; set; }

    /// <summary>Index of the manager (a mentor), or -1.</summary>
    public int Manager { get; set; } = -1;

    /// <summary>Indices of the mentor's pairs, oldest first.</summary>
    public List<int> Pairs { get; } = [];

    /// <summary>Mentor state for the cohort being matched: open to new mentees this time round.</summary>
    public bool Active { get; set; }

    /// <summary>Mentor state for the cohort being matched: capacity minus accepted pairs still running, minus new assignments.</summary>
    public int FreeSlots { get; set; }

    /// <summary>Mentor state for the cohort being matched: position in the list of mentors with free slots, or -1.</summary>
    public int FreePosition { get; set; } = -1;

    /// <summary>Mentor state for the cohort being matched: mentees assigned at this cohort's start.</summary>
    public int AssignedThisCohort { get; set; }

    /// <summary>Mentor state for the cohort being matched: earlier pairs (accepted or not) not ended at the cohort's start.</summary>
    public int RunningEarlierPairs { get; set; }

    public bool FirstLanguageIsFrench => Languages[0] == "fr";
}

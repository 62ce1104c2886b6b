using System.Globalization;
using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>The value of a participant attribute a pipeline can name for fairness groups or audit features.</summary>
public static class ParticipantGrouping
{
    public static string? Of(Participant p, string attribute) => attribute switch
    {
        "gender" => p.Gender,
        "age_band" => p.AgeBand,
        "department" => p.Department,
        "site" => p.Site,
        "job_level" => p.JobLevel?.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no participant attribute named '{attribute}'", nameof(attribute)),
    };
}

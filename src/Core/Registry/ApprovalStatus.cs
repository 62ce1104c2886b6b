namespace MatchModels.Core.Registry;

/// <summary>Where a version stands with a person's approval: never asked, waiting, approved or rejected.</summary>
public enum ApprovalState
{
    NotAsked,
    AwaitingApproval,
    Approved,
    Rejected,
}

/// <summary>
/// A version's approval state read from the model's history (the last awaiting, approved or rejected event of that
/// version decides), with the event that set it.
/// </summary>
public static class ApprovalStatus
{
    /// <summary>The alias an awaiting version holds until a person decides.</summary>
    public const string CandidateAlias = "candidate";

    public static (ApprovalState State, RegistryEvent? Event) Of(IReadOnlyList<RegistryEvent> history, int version)
    {
        ArgumentNullException.ThrowIfNull(history);
        RegistryEvent? last = history.LastOrDefault(e => e.Version == version
            && e.Action is RegistryEvent.AwaitingApproval or RegistryEvent.Approved or RegistryEvent.Rejected);
        return last?.Action switch
        {
            RegistryEvent.AwaitingApproval => (ApprovalState.AwaitingApproval, last),
            RegistryEvent.Approved => (ApprovalState.Approved, last),
            RegistryEvent.Rejected => (ApprovalState.Rejected, last),
            _ => (ApprovalState.NotAsked, null),
        };
    }

    /// <summary>The snake_case word <c>models show</c> and the JSON use.</summary>
    public static string Word(ApprovalState state) => state switch
    {
        ApprovalState.AwaitingApproval => RegistryEvent.AwaitingApproval,
        ApprovalState.Approved => RegistryEvent.Approved,
        ApprovalState.Rejected => RegistryEvent.Rejected,
        _ => "not_asked",
    };
}

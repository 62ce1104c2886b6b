namespace MatchModels.Core.Registry;

/// <summary>
/// <c>models approve</c> and <c>models reject</c>: a person's decision on a version awaiting approval. Approving points
/// the champion at it (its gates were weighed when it was registered) and removes the candidate alias; rejecting only
/// removes the candidate alias. Both record who and why in the history, under the model's lock, and refuse a version
/// that is not awaiting approval, or a decision without a reason.
/// </summary>
public static class DecideOnCandidate
{
    /// <summary>Makes <paramref name="version"/> the champion; returns the champion change.</summary>
    public static AliasChange Approve(ModelRegistry registry, string name, int version, string? reason, DateTime nowUtc) =>
        Decide(registry, name, version, reason, nowUtc, approve: true);

    /// <summary>Removes the candidate alias from <paramref name="version"/>; returns that change (Version is the rejected one).</summary>
    public static AliasChange Reject(ModelRegistry registry, string name, int version, string? reason, DateTime nowUtc) =>
        Decide(registry, name, version, reason, nowUtc, approve: false);

    /// <summary>Records <paramref name="version"/> as awaiting approval and points the candidate alias at it, under the model's lock.</summary>
    public static void MarkAwaiting(ModelRegistry registry, string name, int version, string reason, DateTime nowUtc)
    {
        using RegistryLock held = RegistryLock.Acquire(registry.ModelDirectory(name));
        SetAlias.Locked(registry, name, ApprovalStatus.CandidateAlias, version, nowUtc, reason, forced: false);
        RegistryHistory.Append(registry.ModelDirectory(name), new RegistryEvent(nowUtc, RegistryEvent.AwaitingApproval, version, ApprovalStatus.CandidateAlias, Reason: reason, User: Environment.UserName));
    }

    private static AliasChange Decide(ModelRegistry registry, string name, int version, string? reason, DateTime nowUtc, bool approve)
    {
        string verb = approve ? "approve" : "reject";
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RegistryException($"models {verb} needs --reason \"…\": who decides and why is kept in the registry's history");
        }

        string modelDir = registry.ModelDirectory(name);
        using RegistryLock held = RegistryLock.Acquire(modelDir);
        registry.Open(name, version);
        (ApprovalState state, RegistryEvent? _) = ApprovalStatus.Of(RegistryHistory.Read(modelDir), version);
        IReadOnlyDictionary<string, int> aliases = registry.Aliases(name);
        if (state != ApprovalState.AwaitingApproval || !aliases.TryGetValue(ApprovalStatus.CandidateAlias, out int candidate) || candidate != version)
        {
            throw new RegistryException($"{name}:{version} is not awaiting approval ({ApprovalStatus.Word(state)}): only a version the retraining loop registered as the candidate can be {(approve ? "approved" : "rejected")}; nothing changed");
        }

        AliasChange change = approve
            ? SetAlias.Locked(registry, name, ModelReference.Champion, version, nowUtc, $"approved: {reason}", forced: false)
            : new AliasChange(name, ApprovalStatus.CandidateAlias, version, version);
        var remaining = new SortedDictionary<string, int>(registry.Aliases(name).ToDictionary(), StringComparer.Ordinal);
        remaining.Remove(ApprovalStatus.CandidateAlias);
        registry.WriteAliases(name, remaining);
        RegistryHistory.Append(modelDir, new RegistryEvent(nowUtc, approve ? RegistryEvent.Approved : RegistryEvent.Rejected, version, ApprovalStatus.CandidateAlias, Reason: reason, User: Environment.UserName));
        return change;
    }
}

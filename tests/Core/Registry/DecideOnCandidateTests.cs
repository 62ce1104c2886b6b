using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class DecideOnCandidateTests
{
    private static readonly DateTime s_now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>Version 1 the champion, version 2 awaiting approval as the candidate.</summary>
    private static ModelRegistry WithCandidate(TempDir dir)
    {
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m", alias: ModelReference.Champion);
        RegistryFixture.Register(registry, "m");
        DecideOnCandidate.MarkAwaiting(registry, "m", 2, "retrained: dataset drift in 2 of the last 3 windows", s_now);
        return registry;
    }

    [Fact]
    public void Marking_a_version_awaiting_points_the_candidate_alias_at_it()
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);

        Assert.Equal(2, registry.Aliases("m")[ApprovalStatus.CandidateAlias]);
        Assert.Equal(1, registry.Aliases("m")[ModelReference.Champion]);
        Assert.Equal(ApprovalState.AwaitingApproval, ApprovalStatus.Of(RegistryHistory.Read(registry.ModelDirectory("m")), 2).State);
    }

    [Fact]
    public void Approving_makes_the_candidate_champion_and_records_who_and_why()
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);

        AliasChange change = DecideOnCandidate.Approve(registry, "m", 2, "checked the fairness report", s_now);

        Assert.Equal(new AliasChange("m", ModelReference.Champion, 2, 1), change);
        Assert.False(registry.Aliases("m").ContainsKey(ApprovalStatus.CandidateAlias));
        RegistryEvent last = RegistryHistory.Read(registry.ModelDirectory("m"))[^1];
        Assert.Equal((RegistryEvent.Approved, 2, "checked the fairness report", Environment.UserName), (last.Action, last.Version, last.Reason, last.User));
        Assert.Equal(ApprovalState.Approved, ApprovalStatus.Of(RegistryHistory.Read(registry.ModelDirectory("m")), 2).State);
    }

    [Fact]
    public void Rejecting_removes_the_candidate_and_keeps_the_champion()
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);

        DecideOnCandidate.Reject(registry, "m", 2, "trained on a half export", s_now);

        Assert.Equal(new Dictionary<string, int> { [ModelReference.Champion] = 1 }, registry.Aliases("m"));
        RegistryEvent last = RegistryHistory.Read(registry.ModelDirectory("m"))[^1];
        Assert.Equal((RegistryEvent.Rejected, 2, "trained on a half export"), (last.Action, last.Version, last.Reason));
    }

    [Fact]
    public void A_version_not_awaiting_approval_is_refused_and_nothing_changes()
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);
        int events = RegistryHistory.Read(registry.ModelDirectory("m")).Count;

        var e = Assert.Throws<RegistryException>(() => DecideOnCandidate.Approve(registry, "m", 1, "why not", s_now));

        Assert.Equal("m:1 is not awaiting approval (not_asked): only a version the retraining loop registered as the candidate can be approved; nothing changed", e.Message);
        Assert.Equal(2, registry.Aliases("m")[ApprovalStatus.CandidateAlias]);
        Assert.Equal(events, RegistryHistory.Read(registry.ModelDirectory("m")).Count);
    }

    [Fact]
    public void A_rejected_candidate_cannot_then_be_approved()
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);
        DecideOnCandidate.Reject(registry, "m", 2, "no", s_now);

        var e = Assert.Throws<RegistryException>(() => DecideOnCandidate.Approve(registry, "m", 2, "changed my mind", s_now));

        Assert.Contains("is not awaiting approval (rejected)", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, registry.Aliases("m")[ModelReference.Champion]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_decision_without_a_reason_is_refused(string? reason)
    {
        using var dir = new TempDir();
        ModelRegistry registry = WithCandidate(dir);

        var e = Assert.Throws<RegistryException>(() => DecideOnCandidate.Approve(registry, "m", 2, reason, s_now));

        Assert.StartsWith("models approve needs --reason", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, registry.Aliases("m")[ModelReference.Champion]);
    }
}

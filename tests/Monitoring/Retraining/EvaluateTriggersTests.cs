using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Retraining;
using MatchModels.Monitoring.Settings;

namespace MatchModels.Monitoring.Tests.Retraining;

public sealed class EvaluateTriggersTests
{
    private static readonly DateTime s_now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_registered = s_now.AddDays(-20);

    private static RetrainingPolicy Policy(DatasetDriftTrigger? drift = null, AucDropTrigger? drop = null, double? floor = null, int? every = null, int cooldown = 7) =>
        new(drift, drop, floor, every, cooldown, "data");

    private static RetrainingEvidence Evidence(int version = 3, double? testAuc = 0.75, params EvidenceWindow[] windows) =>
        new("monitoring/x/report.json", "m", version, s_now, testAuc, windows);

    private static EvidenceWindow W(string label, bool drift, int labelled = 0, double? realised = null, double? estimated = null) =>
        new(label, false, labelled, drift, realised, estimated);

    [Fact]
    public void Dataset_drift_in_M_of_the_last_N_windows_fires_and_names_them()
    {
        RetrainingEvidence e = Evidence(windows: [W("w1", true), W("w2", false), W("w3", true), W("w4", true)]);

        TriggerVerdict v = EvaluateTriggers.Run(Policy(new DatasetDriftTrigger(2, 3)), e, 3, s_registered, null, s_now);

        Assert.True(v.Triggered);
        Assert.Equal("dataset drift in 2 of the last 3 window(s) (w3, w4); fires at 2 of 3", Assert.Single(v.Checks).Evidence);
    }

    [Fact]
    public void Drift_only_outside_the_last_N_windows_does_not_fire()
    {
        RetrainingEvidence e = Evidence(windows: [W("w1", true), W("w2", true), W("w3", false), W("w4", false)]);

        TriggerVerdict v = EvaluateTriggers.Run(Policy(new DatasetDriftTrigger(1, 2)), e, 3, s_registered, null, s_now);

        Assert.False(v.Triggered);
        Assert.Equal("no trigger fired", v.Why);
    }

    [Fact]
    public void A_realised_auc_drop_over_enough_labels_fires_and_fewer_labels_do_not_count()
    {
        RetrainingEvidence e = Evidence(windows: [W("w1", false, labelled: 50, realised: 0.5), W("w2", false, labelled: 300, realised: 0.69)]);

        TriggerVerdict v = EvaluateTriggers.Run(Policy(drop: new AucDropTrigger(0.05, 200)), e, 3, s_registered, null, s_now);

        Assert.True(v.Triggered);
        Assert.StartsWith("realised AUC 0.69 over 300 labels in w2, 0.06 below the test AUC 0.75", Assert.Single(v.Checks).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_auc_trigger_without_a_labelled_window_is_refused()
    {
        RetrainingEvidence e = Evidence(windows: [W("w1", true, labelled: 10, realised: 0.4)]);

        TriggerVerdict v = EvaluateTriggers.Run(Policy(new DatasetDriftTrigger(1, 1), new AucDropTrigger(0.05, 200)), e, 3, s_registered, null, s_now);

        Assert.False(v.Triggered);
        Assert.StartsWith("the realised_auc_drop trigger needs a window with at least 200 labels", v.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_of_another_version_or_none_is_refused()
    {
        RetrainingPolicy policy = Policy(new DatasetDriftTrigger(1, 1));

        Assert.Contains("is of version 2, but the champion is version 3", EvaluateTriggers.Run(policy, Evidence(version: 2, windows: [W("w", true)]), 3, s_registered, null, s_now).Refused, StringComparison.Ordinal);
        Assert.StartsWith("there is no monitoring report", EvaluateTriggers.Run(policy, null, 3, s_registered, null, s_now).Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_needs_no_report_and_fires_on_the_champions_age()
    {
        Assert.True(EvaluateTriggers.Run(Policy(every: 14), null, 3, s_registered, null, s_now).Triggered);
        Assert.False(EvaluateTriggers.Run(Policy(every: 30), null, 3, s_registered, null, s_now).Triggered);
    }

    [Fact]
    public void The_cooldown_holds_back_a_trigger_that_fired()
    {
        TriggerVerdict v = EvaluateTriggers.Run(Policy(every: 14, cooldown: 7), null, 3, s_registered, s_now.AddDays(-2), s_now);

        Assert.False(v.Triggered);
        Assert.StartsWith("in cooldown", v.Why, StringComparison.Ordinal);
        Assert.True(Assert.Single(v.Checks).Fired);
        Assert.True(EvaluateTriggers.Run(Policy(every: 14, cooldown: 7), null, 3, s_registered, s_now.AddDays(-8), s_now).Triggered);
    }

    [Fact]
    public void An_estimated_auc_below_the_floor_fires()
    {
        RetrainingEvidence e = Evidence(windows: [W("w1", false, estimated: 0.7), W("w2", false, estimated: 0.58)]);

        Assert.True(EvaluateTriggers.Run(Policy(floor: 0.6), e, 3, s_registered, null, s_now).Triggered);
        Assert.False(EvaluateTriggers.Run(Policy(floor: 0.55), e, 3, s_registered, null, s_now).Triggered);
    }

    [Fact]
    public void A_damaged_report_is_refused_naming_it()
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "20260301T000000Z");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ReadRetrainingEvidence.ReportFile), "{\"model\": \"m\", \"windows\": [");

        var e = Assert.Throws<MonitoringEvidenceException>(() => ReadRetrainingEvidence.Latest(dir.Path));

        Assert.StartsWith($"the monitoring report {Path.Combine(folder, ReadRetrainingEvidence.ReportFile)} is damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_report_is_the_last_written_whatever_its_folder_is_called()
    {
        using var dir = new TempDir();
        string scheduled = Path.Combine(dir.Path, "scheduled");
        string manual = Path.Combine(dir.Path, "20260301T000000Z");
        Directory.CreateDirectory(scheduled);
        Directory.CreateDirectory(manual);
        File.WriteAllText(Path.Combine(scheduled, ReadRetrainingEvidence.ReportFile), "{\"model\": \"m\", \"windows\": [");
        File.WriteAllText(Path.Combine(manual, ReadRetrainingEvidence.ReportFile), "{\"model\": \"m\", \"windows\": [");
        File.SetLastWriteTimeUtc(Path.Combine(scheduled, ReadRetrainingEvidence.ReportFile), s_now.AddDays(-2));
        File.SetLastWriteTimeUtc(Path.Combine(manual, ReadRetrainingEvidence.ReportFile), s_now.AddDays(-1));

        var e = Assert.Throws<MonitoringEvidenceException>(() => ReadRetrainingEvidence.Latest(dir.Path));

        // Both are damaged, so the one read is named: the later written, though "scheduled" sorts after the time-named folder.
        Assert.Contains(manual, e.Message, StringComparison.Ordinal);
    }
}

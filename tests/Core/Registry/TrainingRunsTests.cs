using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class TrainingRunsTests
{
    [Fact]
    public void A_running_run_whose_lease_is_held_is_running_and_one_whose_lease_nobody_holds_is_interrupted()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        string alive = Run(dir, "20261201T100000Z", "{\"status\": \"running\"}");
        string dead = Run(dir, "20261201T110000Z", "{\"status\": \"running\"}");
        File.WriteAllText(Path.Combine(dead, TrainingRuns.LeaseFile), "123 host\n");

        using (ProcessLease.Take(Path.Combine(alive, TrainingRuns.LeaseFile)))
        {
            IReadOnlyList<TrainingRunSummary> runs = TrainingRuns.List(registry, "m");

            Assert.Equal(["running", "interrupted"], runs.Select(r => r.Status));
            Assert.Null(runs[0].Error);
            Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), runs[0].StartedAtUtc);
        }

        Assert.Equal("interrupted", TrainingRuns.Read(alive).Status);
    }

    [Fact]
    public void An_empty_status_file_left_while_claiming_the_folder_is_an_interrupted_run()
    {
        using var dir = new TempDir();
        string run = Run(dir, "20261201T100000Z-1", "");

        TrainingRunSummary summary = TrainingRuns.Read(run);

        Assert.Equal("interrupted", summary.Status);
        Assert.Equal("status.json is empty or not valid JSON", summary.Error);
    }

    [Fact]
    public void A_finished_run_reads_its_trainer_metric_and_version_from_run_json()
    {
        using var dir = new TempDir();
        string run = Run(dir, "20261201T100000Z", "{\"status\": \"succeeded\"}");
        File.WriteAllText(Path.Combine(run, "run.json"), """
            {"status": "succeeded", "started_at_utc": "2026-12-01T10:00:01Z", "finished_at_utc": "2026-12-01T10:01:00Z",
             "chosen": {"trainer": "light_gbm"}, "test": {"roc_auc": 0.81}, "registration": {"status": "registered", "version": 4}}
            """);

        TrainingRunSummary summary = TrainingRuns.Read(run);

        Assert.Equal(("succeeded", "light_gbm", 0.81, 4), (summary.Status, summary.Trainer, summary.TestRocAuc!.Value, summary.RegisteredVersion!.Value));
        Assert.Equal(new DateTime(2026, 12, 1, 10, 1, 0, DateTimeKind.Utc), summary.FinishedAtUtc);
    }

    [Fact]
    public void A_failed_run_keeps_its_own_error()
    {
        using var dir = new TempDir();
        string run = Run(dir, "20261201T100000Z", "{\"status\": \"failed\", \"error\": \"no test cohorts\"}");

        Assert.Equal(("failed", "no test cohorts"), (TrainingRuns.Read(run).Status, TrainingRuns.Read(run).Error));
    }

    private static string Run(TempDir dir, string id, string status)
    {
        string path = Path.Combine(dir.Path, "m", TrainingRuns.Folder, id);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "status.json"), status);
        return path;
    }
}

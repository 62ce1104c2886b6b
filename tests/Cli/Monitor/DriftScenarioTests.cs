using System.Text.Json;
using static MatchModels.Cli.Tests.Monitor.DriftScenarioFixture;

namespace MatchModels.Cli.Tests.Monitor;

/// <summary>
/// What holds robustly of issue 12's scenarios at 3,000 pairs (see <see cref="DriftScenarioFixture"/>); the bars
/// themselves are checked on 20,000 pairs by tests/Scenarios/run.sh. At this size a window of 500 rows still sees
/// features built from mentors' past pairs drift against the training reference in stationary windows (they grow with
/// the programme's age), so drifted windows are compared with the stationary replay's window of the same rows.
/// </summary>
public sealed class DriftScenarioTests(DriftScenarioFixture scenarios) : IClassFixture<DriftScenarioFixture>
{
    /// <summary>The profile drift's three mentee fields and the two features computed from them (docs/synthetic-data.md).</summary>
    private static readonly string[] s_profileFeatures = ["availability_min_h", "level_gap", "mentee_job_level", "mentee_tenure_years"];

    [Fact]
    public void Stationary_replay_has_no_dataset_drift_and_no_detector_alarm()
    {
        JsonElement[] windows = WindowsOf(scenarios.Stationary);
        JsonElement detectors = scenarios.Stationary.GetProperty("report").GetProperty("detectors");

        Assert.Equal(Mentees / WindowRows, windows.Length);
        Assert.All(windows, w => Assert.False(w.GetProperty("data_drift").GetProperty("drifted").GetBoolean(), w.GetProperty("label").GetString()));
        Assert.Equal(Mentees, detectors.GetProperty("values").GetInt32());
        Assert.Empty(detectors.GetProperty("adwin").EnumerateArray());
        Assert.Empty(detectors.GetProperty("page_hinkley").EnumerateArray());
        Assert.Empty(detectors.GetProperty("calibration").GetProperty("alarms").EnumerateArray());
        Assert.DoesNotContain(scenarios.Stationary.GetProperty("alerts").GetProperty("new").EnumerateArray(), a => a.GetProperty("kind").GetString() == "dataset_drift");
    }

    [Fact]
    public void Stationary_replay_estimates_the_realised_auc_without_labels()
    {
        foreach (JsonElement w in WindowsOf(scenarios.Stationary))
        {
            double estimated = w.GetProperty("estimated").GetProperty("auc").GetDouble();
            double realised = w.GetProperty("realised").GetProperty("auc").GetProperty("estimate").GetDouble();
            Assert.True(Math.Abs(estimated - realised) <= 0.05, $"{w.GetProperty("label").GetString()}: CBPE {estimated:0.000}, realised {realised:0.000}");
        }
    }

    [Fact]
    public void Profile_drift_flags_its_features_in_every_drifted_window_and_nothing_changes_before_it()
    {
        JsonElement[] drifted = WindowsOf(scenarios.Profile), stationary = WindowsOf(scenarios.Stationary);

        Assert.Equal(stationary.Length, drifted.Length);
        Assert.Contains(drifted, AfterChange);
        for (int k = 0; k < drifted.Length; k++)
        {
            string label = drifted[k].GetProperty("label").GetString()!;
            if (AfterChange(drifted[k]))
            {
                string[] missing = [.. s_profileFeatures.Except(Flagged(drifted[k]))];
                Assert.True(missing.Length == 0, $"{label}: not flagged {string.Join(", ", missing)}");
            }
            else
            {
                // The same seed-2 people before the change: the same rows, so the same verdicts as without drift.
                Assert.Equal(Flagged(stationary[k]), Flagged(drifted[k]));
            }
        }
    }

    [Fact]
    public void Concept_drift_lowers_the_realised_auc_while_no_window_shows_dataset_drift()
    {
        JsonElement[] drifted = WindowsOf(scenarios.Concept), stationary = WindowsOf(scenarios.Stationary);
        static double Auc(JsonElement w) => w.GetProperty("realised").GetProperty("auc").GetProperty("estimate").GetDouble();
        int[] after = [.. Enumerable.Range(0, drifted.Length).Where(k => AfterChange(drifted[k]))];

        double driftedAuc = after.Average(k => Auc(drifted[k]));
        double stationaryAuc = after.Average(k => Auc(stationary[k]));
        double beforeAuc = Enumerable.Range(0, drifted.Length).Except(after).Average(k => Auc(drifted[k]));

        Assert.NotEmpty(after);
        Assert.True(driftedAuc < stationaryAuc - 0.02, $"after the change: realised AUC {driftedAuc:0.000} with concept drift, {stationaryAuc:0.000} without");
        Assert.True(driftedAuc < beforeAuc - 0.02, $"realised AUC {driftedAuc:0.000} after the change, {beforeAuc:0.000} before");
        Assert.All(drifted, w => Assert.False(w.GetProperty("data_drift").GetProperty("drifted").GetBoolean(), w.GetProperty("label").GetString()));
    }

    [Fact]
    public void Strong_concept_drift_sets_off_a_detector_after_the_change_and_not_before()
    {
        JsonElement[] windows = WindowsOf(scenarios.Overhaul);
        JsonElement detectors = scenarios.Overhaul.GetProperty("report").GetProperty("detectors");
        // Every pair is labelled, so the change is at the label that the first drifted window starts with.
        int change = windows.TakeWhile(w => !AfterChange(w)).Sum(w => w.GetProperty("labelled").GetInt32());
        long[] alarms = [.. detectors.GetProperty("adwin").EnumerateArray().Concat(detectors.GetProperty("page_hinkley").EnumerateArray())
            .Select(a => a.GetProperty("detected_at").GetInt64()).Order()];

        Assert.InRange(change, 1, Mentees - 1);
        Assert.NotEmpty(alarms);
        // 768 labels after it at this size (1,500 labels before the change); tests/Scenarios/run.sh checks the 500 of the issue on 20,000 pairs.
        Assert.InRange(alarms[0], change, change + 1000);
        Assert.DoesNotContain(detectors.GetProperty("calibration").GetProperty("alarms").EnumerateArray(), a => a.GetProperty("detected_at").GetInt64() < change);
        Assert.All(windows, w => Assert.False(w.GetProperty("data_drift").GetProperty("drifted").GetBoolean(), w.GetProperty("label").GetString()));
    }
}

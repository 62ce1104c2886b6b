using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Windows;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

/// <summary>The <c>monitoring:</c> section: what it reads into, how it round-trips, and each kind of bad input at its line.</summary>
public sealed class MonitoringSectionTests
{
    private const string File = "pipelines/x.yaml";

    internal const string Full = PipelineFileTests.Minimal + """
        monitoring:
          window: 500
          drift:
            method: psi
            threshold: 0.2
            share: 0.4
            features:
              skill_jaccard:
                method: ks
                threshold: 0.01
          multivariate: off
          calibration:
            delta: 0.01
          alerts:
            - name: drop
              kind: realised_auc_drop
              delta: 0.03
              min_labels: 100
            - name: floor
              kind: estimated_auc_below
              floor: 0.6
          retraining:
            triggers:
              dataset_drift:
                windows: 2
                of_last: 3
              realised_auc_drop:
                delta: 0.04
              estimated_auc_below: 0.62
              every_days: 90
            cooldown_days: 3
            data: exports/latest
            require_approval: false

        """;

    private static string Only(string yaml) =>
        Assert.Single(Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(yaml, File)).Errors).ToString();

    [Fact]
    public void A_full_section_reads_into_the_settings_it_says()
    {
        MonitoringSettings m = PipelineFile.Parse(Full, File).Monitoring;

        Assert.Equal(WindowSpec.EveryRows(500), m.Window);
        Assert.Equal(("psi", 0.2, 0.4), (m.Drift.Method, m.Drift.Threshold, m.Drift.DriftShare));
        Assert.Equal(("ks", 0.01), (m.Drift.Features["skill_jaccard"].Method, m.Drift.Features["skill_jaccard"].Threshold));
        Assert.Null(m.DomainClassifierThreshold);
        Assert.Equal(0.01, m.CalibrationDelta);
        Assert.Equal([new AlertRule("drop", AlertKind.RealisedAucDrop, 0.03, 100), new AlertRule("floor", AlertKind.EstimatedAucBelow, Floor: 0.6)], m.Alerts);
        Assert.Equal(new RetrainingPolicy(new DatasetDriftTrigger(2, 3), new AucDropTrigger(0.04, AlertRule.DefaultMinLabels), 0.62, 90, 3, "exports/latest", RequireApproval: false), m.Retraining);
    }

    [Fact]
    public void Without_a_section_the_defaults_apply_and_nothing_retrains()
    {
        MonitoringSettings m = PipelineFile.Parse(PipelineFileTests.Minimal, File).Monitoring;

        Assert.Equal(MonitoringSettings.Default, m);
        Assert.Equal(AlertRule.Defaults, m.Alerts);
        Assert.Null(m.Retraining);
    }

    [Fact]
    public void Approval_is_required_unless_the_file_says_otherwise()
    {
        string yaml = PipelineFileTests.Minimal + "monitoring:\n  retraining:\n    triggers:\n      every_days: 30\n";

        Assert.True(PipelineFile.Parse(yaml, File).Monitoring.Retraining!.RequireApproval);
    }

    [Fact]
    public void Resolved_yaml_with_a_section_reads_back_to_an_equal_spec_and_the_section_changes_the_digest()
    {
        PipelineSpec spec = PipelineFile.Parse(Full, File);
        PipelineSpec again = PipelineFile.Parse(spec.ToYaml(), "resolved.yaml");

        Assert.Equal(spec, again);
        Assert.Equal(spec.ToYaml(), again.ToYaml());
        Assert.NotEqual(PipelineFile.Parse(PipelineFileTests.Minimal, File).Digest, spec.Digest);
        Assert.NotEqual(spec.Digest, PipelineFile.Parse(Full.Replace("cooldown_days: 3", "cooldown_days: 4", StringComparison.Ordinal), File).Digest);
    }

    [Fact]
    public void The_settings_survive_their_json_form()
    {
        MonitoringSettings m = PipelineFile.Parse(Full, File).Monitoring;
        string json = MonitoringSettingsFile.ToJson(m);

        Assert.Contains("\"require_approval\": false", json, StringComparison.Ordinal);
        Assert.Equal(json, MonitoringSettingsFile.ToJson(System.Text.Json.JsonSerializer.Deserialize<MonitoringSettings>(json, MonitoringSettingsFile.Options)!));
    }

    [Fact]
    public void A_misspelt_key_suggests_the_nearest_one()
    {
        Assert.Equal(
            "pipelines/x.yaml:10: unknown key 'retrainig' in monitoring (did you mean 'retraining'?)",
            Only(PipelineFileTests.Minimal + "monitoring:\n  retrainig: {}\n"));
    }

    [Fact]
    public void A_misspelt_trigger_suggests_the_nearest_one()
    {
        Assert.Equal(
            "pipelines/x.yaml:12: unknown key 'every_day' in monitoring.retraining.triggers (did you mean 'every_days'?)",
            Only(PipelineFileTests.Minimal + "monitoring:\n  retraining:\n    triggers:\n      every_day: 30\n"));
    }

    [Fact]
    public void An_unknown_drift_method_lists_the_methods()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:11: monitoring.drift.method: unknown drift method 'pssi' (did you mean 'psi'?); the methods are: ks,",
            Only(PipelineFileTests.Minimal + "monitoring:\n  drift:\n    method: pssi\n"));
    }

    [Fact]
    public void An_unknown_feature_is_named_with_a_near_miss()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:12: unknown key 'skill_jacard' in monitoring.drift.features (did you mean 'skill_jaccard'?): not a feature of this pipeline",
            Only(PipelineFileTests.Minimal + "monitoring:\n  drift:\n    features:\n      skill_jacard: {method: ks}\n"));
    }

    [Fact]
    public void Require_approval_must_be_a_boolean()
    {
        Assert.Equal(
            "pipelines/x.yaml:11: monitoring.retraining.require_approval: expected true or false, found 'yes'",
            Only(PipelineFileTests.Minimal + "monitoring:\n  retraining:\n    require_approval: yes\n"));
    }

    [Fact]
    public void M_of_the_last_N_windows_needs_M_at_most_N()
    {
        Assert.Equal(
            "pipelines/x.yaml:13: monitoring.retraining.triggers.dataset_drift: windows (4) cannot be more than of_last (3)",
            Only(PipelineFileTests.Minimal + "monitoring:\n  retraining:\n    triggers:\n      dataset_drift:\n        windows: 4\n        of_last: 3\n"));
    }

    [Fact]
    public void A_domain_classifier_threshold_at_or_below_chance_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:11: monitoring.multivariate.threshold: must be greater than 0.5, found 0.4",
            Only(PipelineFileTests.Minimal + "monitoring:\n  multivariate:\n    threshold: 0.4\n"));
    }

    [Fact]
    public void The_calibration_detector_is_on_at_adwins_delta_unless_turned_off()
    {
        Assert.Equal(0.002, PipelineFile.Parse(PipelineFileTests.Minimal, File).Monitoring.CalibrationDelta);
        Assert.Null(PipelineFile.Parse(PipelineFileTests.Minimal + "monitoring:\n  calibration: off\n", File).Monitoring.CalibrationDelta);

        PipelineSpec off = PipelineFile.Parse(PipelineFileTests.Minimal + "monitoring:\n  calibration: off\n", File);
        Assert.Equal(off, PipelineFile.Parse(off.ToYaml(), "resolved.yaml"));
    }

    [Theory]
    [InlineData("  calibration:\n    delta: 1\n", "pipelines/x.yaml:11: monitoring.calibration.delta: must be less than 1, found 1")]
    [InlineData("  calibration:\n    delta: 0\n", "pipelines/x.yaml:11: monitoring.calibration.delta: must be greater than 0, found 0")]
    [InlineData("  calibration: yes\n", "pipelines/x.yaml:10: monitoring.calibration: expected 'off' or a mapping with delta, found 'yes'")]
    public void A_calibration_delta_outside_zero_and_one_or_a_stray_word_is_refused(string section, string error) =>
        Assert.Equal(error, Only(PipelineFileTests.Minimal + "monitoring:\n" + section));

    [Theory]
    [InlineData("  drift:\n    share: 1.5\n", "pipelines/x.yaml:11: monitoring.drift.share: must be at most 1, found 1.5")]
    [InlineData("  multivariate:\n    threshold: 2\n", "pipelines/x.yaml:11: monitoring.multivariate.threshold: must be at most 1, found 2")]
    public void A_number_above_its_maximum_is_refused(string section, string error) =>
        Assert.Equal(error, Only(PipelineFileTests.Minimal + "monitoring:\n" + section));

    [Fact]
    public void An_unknown_alert_kind_lists_the_kinds()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:12: monitoring.alerts[0].kind: unknown value 'dataset_drfit' (did you mean 'dataset_drift'?)",
            Only(PipelineFileTests.Minimal + "monitoring:\n  alerts:\n    - name: a\n      kind: dataset_drfit\n"));
    }

    [Fact]
    public void Two_alert_rules_with_one_name_are_refused()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:12: monitoring.alerts[1].name: 'a' names two rules",
            Only(PipelineFileTests.Minimal + "monitoring:\n  alerts:\n    - {name: a, kind: dataset_drift}\n    - {name: a, kind: prediction_drift}\n"));
    }

    [Fact]
    public void A_number_the_kind_does_not_use_is_refused()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:11: monitoring.alerts[0].floor: a dataset_drift rule takes no floor",
            Only(PipelineFileTests.Minimal + "monitoring:\n  alerts:\n    - {name: a, kind: dataset_drift, floor: 0.6}\n"));
    }
}

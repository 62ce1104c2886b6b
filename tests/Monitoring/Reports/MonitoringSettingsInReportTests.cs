using System.Text.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Monitoring.Detectors;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Statistics;
using static MatchModels.Monitoring.Tests.Reports.ReportInputs;

namespace MatchModels.Monitoring.Tests.Reports;

/// <summary>A version's monitoring settings change the verdicts they name, and the report says where they came from.</summary>
public sealed class MonitoringSettingsInReportTests
{
    private static readonly List<PredictionRecord> s_log = [.. Rows(Day1, 500, 0, seed: 2, "s"), .. Rows(Day1.AddDays(1), 500, 1.0, seed: 3, "d")];

    [Fact]
    public void The_multivariate_check_can_be_turned_off_and_its_threshold_set()
    {
        Assert.All(BuildMonitoringReport.Run(Input(s_log) with { MultivariateOff = true }).Windows, w => Assert.Null(w.Multivariate));
        MonitoringReport strict = BuildMonitoringReport.Run(Input(s_log) with { DomainClassifier = DomainClassifierOptions.Default with { Threshold = 0.99 } });
        Assert.All(strict.Windows, w => Assert.Equal(0.99, w.Multivariate!.Threshold));
    }

    [Fact]
    public void A_per_feature_method_and_the_drift_share_apply()
    {
        var drift = new DriftOptions { DriftShare = 1.0, Features = new Dictionary<string, FeatureDriftOptions> { ["a"] = new("psi", 10.0) } };

        WindowReport shifted = BuildMonitoringReport.Run(Input(s_log) with { Drift = drift }).Windows[1];

        FeatureDriftResult a = shifted.DataDrift!.Features.Single(f => f.Feature == "a");
        Assert.Equal(("psi", false), (a.Method, a.Drifted));
        Assert.False(shifted.DataDrift.Drifted);
    }

    [Fact]
    public void Settings_kept_before_the_calibration_detector_existed_read_with_it_on_at_the_default_delta()
    {
        string json = MonitoringSettingsFile.ToJson(MonitoringSettings.Default with { CalibrationDelta = 0.01 });
        string older = string.Join('\n', json.Split('\n').Where(line => !line.Contains("calibration_delta", StringComparison.Ordinal)));
        Assert.NotEqual(json, older);
        // The last member went, so the one before it may end with a comma the reader refuses: drop it.
        older = older.Replace(",\n}", "\n}", StringComparison.Ordinal);

        MonitoringSettings read = JsonSerializer.Deserialize<MonitoringSettings>(older, MonitoringSettingsFile.Options)!;

        Assert.Equal(Adwin.DefaultDelta, read.CalibrationDelta);
        Assert.Equal(0.01, JsonSerializer.Deserialize<MonitoringSettings>(json, MonitoringSettingsFile.Options)!.CalibrationDelta);
    }

    [Fact]
    public void The_settings_note_leads_the_notes()
    {
        MonitoringReport report = BuildMonitoringReport.Run(Input(s_log) with { SettingsNote = "m:2 was registered without monitoring settings (monitoring.json): the defaults are used." });

        Assert.Equal("m:2 was registered without monitoring settings (monitoring.json): the defaults are used.", report.Notes[0]);
    }
}

using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Detectors;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Reads a pipeline's <c>monitoring:</c> section (pipelines/README.md) into <see cref="MonitoringSettings"/>, strictly:
/// unknown keys with a near miss, types, ranges, drift method names, feature names and alert kinds are all checked, and
/// every problem is reported at its line, so a typo can never start a retraining on settings nobody meant.
/// </summary>
internal static class ReadMonitoringSection
{
    public static readonly string[] Keys = ["window", "drift", "multivariate", "calibration", "alerts", "retraining"];
    public static readonly string[] DriftKeys = ["method", "threshold", "share", "features"];
    public static readonly string[] FeatureDriftKeys = ["method", "threshold"];
    public static readonly string[] MultivariateKeys = ["threshold"];
    public static readonly string[] CalibrationKeys = ["delta"];
    public static readonly string[] AlertKeys = ["name", "kind", "delta", "min_labels", "floor"];
    public static readonly string[] RetrainingKeys = ["triggers", "cooldown_days", "data", "require_approval"];
    public static readonly string[] TriggerKeys = ["dataset_drift", "realised_auc_drop", "estimated_auc_below", "every_days"];
    public static readonly string[] DatasetDriftKeys = ["windows", "of_last"];
    public static readonly string[] AucDropKeys = ["delta", "min_labels"];

    /// <summary>The YAML names of the alert kinds, as alerts.jsonl writes them.</summary>
    public static readonly YamlNames<AlertKind> AlertKinds = new(
        (AlertKind.DatasetDrift, "dataset_drift"),
        (AlertKind.PredictionDrift, "prediction_drift"),
        (AlertKind.MultivariateDrift, "multivariate_drift"),
        (AlertKind.RealisedAucDrop, "realised_auc_drop"),
        (AlertKind.EstimatedAucBelow, "estimated_auc_below"),
        (AlertKind.DetectorAlarm, "detector_alarm"));

    /// <summary>The word that turns the domain classifier or the calibration detector off: <c>multivariate: off</c>, <c>calibration: off</c>.</summary>
    public const string Off = "off";

    public static MonitoringSettings Read(StrictMapping top, IReadOnlyList<string> features)
    {
        if (top.Nested("monitoring", Keys) is not { } section)
        {
            return MonitoringSettings.Default;
        }

        return new MonitoringSettings(
            ReadWindow(section),
            ReadDrift(section, features),
            ReadMultivariate(section),
            ReadAlerts(section),
            ReadRetraining(section),
            ReadCalibration(section));
    }

    private static WindowSpec ReadWindow(StrictMapping section)
    {
        if (section.String("window") is not { } text)
        {
            return MonitoringSettings.Default.Window;
        }

        try
        {
            return WindowSpec.Parse(text);
        }
        catch (FormatException e)
        {
            section.Errors.Add(section.KeyAt("window"), $"monitoring.window: {e.Message}");
            return MonitoringSettings.Default.Window;
        }
    }

    private static DriftOptions ReadDrift(StrictMapping section, IReadOnlyList<string> features)
    {
        if (section.Nested("drift", DriftKeys) is not { } drift)
        {
            return DriftOptions.Default;
        }

        var perFeature = new SortedDictionary<string, FeatureDriftOptions>(StringComparer.Ordinal);
        if (drift.Value("features") is YamlMappingNode)
        {
            if (drift.Nested("features", features, k => $"{ClosestName.Hint(k, features)}: not a feature of this pipeline; its features are: {string.Join(", ", features)}") is { } listed)
            {
                foreach (string name in features.Where(listed.Has))
                {
                    if (listed.Nested(name, FeatureDriftKeys) is { } one)
                    {
                        perFeature[name] = new FeatureDriftOptions(Method(one), Threshold(one));
                    }
                    else
                    {
                        listed.Errors.Add(listed.KeyAt(name), $"monitoring.drift.features.{name}: expected a mapping with method and/or threshold");
                    }
                }
            }
        }
        else if (drift.Has("features") && !drift.IsNull("features"))
        {
            drift.Errors.Add(drift.KeyAt("features"), $"monitoring.drift.features: expected a mapping of feature name to method and threshold, found {YamlScalars.Describe(drift.Value("features")!)}");
        }

        return new DriftOptions
        {
            Method = Method(drift),
            Threshold = Threshold(drift),
            DriftShare = drift.NullableDouble("share", above: 0, max: 1) ?? DriftOptions.DefaultDriftShare,
            Features = perFeature,
        };
    }

    private static string? Method(StrictMapping at)
    {
        if (at.IsNull("method") || at.String("method") is not { } name)
        {
            return null;
        }

        string[] known = [.. DriftMethods.All.Select(m => m.Name)];
        if (!known.Contains(name))
        {
            at.Errors.Add(at.KeyAt("method"), $"{at.PathOf("method")}: unknown drift method '{name}'{ClosestName.Hint(name, known)}; the methods are: {string.Join(", ", known)}");
            return null;
        }

        return name;
    }

    // A p-value and a distance both lie in [0, 1] for every method we have except PSI, whose usual thresholds are 0.1-0.25
    // but can be larger; a negative threshold is always a mistake.
    private static double? Threshold(StrictMapping at) => at.NullableDouble("threshold", atLeast: 0);

    private static double? ReadMultivariate(StrictMapping section)
    {
        double fallback = MonitoringSettings.Default.DomainClassifierThreshold!.Value;
        if (section.Value("multivariate") is YamlScalarNode { Value: Off, Style: ScalarStyle.Plain })
        {
            return null;
        }

        if (section.Value("multivariate") is YamlScalarNode s && !YamlScalars.IsNull(s))
        {
            section.Errors.Add(section.KeyAt("multivariate"), $"monitoring.multivariate: expected '{Off}' or a mapping with threshold, found {YamlScalars.Describe(s)}");
            return fallback;
        }

        return section.Nested("multivariate", MultivariateKeys) is { } m
            ? m.NullableDouble("threshold", above: 0.5, max: 1) ?? fallback
            : fallback;
    }

    private static double? ReadCalibration(StrictMapping section)
    {
        double fallback = Adwin.DefaultDelta;
        if (section.Value("calibration") is YamlScalarNode { Value: Off, Style: ScalarStyle.Plain })
        {
            return null;
        }

        if (section.Value("calibration") is YamlScalarNode s && !YamlScalars.IsNull(s))
        {
            section.Errors.Add(section.KeyAt("calibration"), $"monitoring.calibration: expected '{Off}' or a mapping with delta, found {YamlScalars.Describe(s)}");
            return fallback;
        }

        if (section.Nested("calibration", CalibrationKeys) is not { } c)
        {
            return fallback;
        }

        // δ is a probability of a false alarm: 1 would allow every cut.
        double? delta = c.NullableDouble("delta", above: 0, max: 1);
        if (delta >= 1)
        {
            c.Errors.Add(c.KeyAt("delta"), $"monitoring.calibration.delta: must be less than 1, found {((YamlScalarNode)c.Value("delta")!).Value}");
            return fallback;
        }

        return delta ?? fallback;
    }

    private static IReadOnlyList<AlertRule> ReadAlerts(StrictMapping section)
    {
        if (section.Value("alerts") is not { } node || section.IsNull("alerts"))
        {
            return AlertRule.Defaults;
        }

        if (node is not YamlSequenceNode items)
        {
            section.Errors.Add(section.KeyAt("alerts"), $"monitoring.alerts: expected a list of rules ('- name: …' per rule), found {YamlScalars.Describe(node)}");
            return AlertRule.Defaults;
        }

        var rules = new List<AlertRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (YamlNode item in items.Children)
        {
            string path = $"monitoring.alerts[{index++}]";
            if (item is not YamlMappingNode mapping)
            {
                section.Errors.Add(item, $"{path}: expected a rule with name and kind, found {YamlScalars.Describe(item)}", withColumn: true);
                continue;
            }

            var rule = new StrictMapping(mapping, path, AlertKeys, section.Errors, at: mapping.Start);
            rule.Require("name", "the rule's name, unique among the model's rules");
            rule.Require("kind", $"one of {string.Join(", ", AlertKinds.Names)}");
            string? name = rule.String("name");
            AlertKind? kind = rule.Enum("kind", AlertKinds);
            if (name is not null && !seen.Add(name))
            {
                rule.Errors.Add(rule.KeyAt("name"), $"{path}.name: '{name}' names two rules: each rule's name keeps one alert per window, so it must be unique");
            }

            double? delta = rule.NullableDouble("delta", above: 0, max: 1);
            int? minLabels = rule.NullableInt("min_labels", 1);
            double? floor = rule.NullableDouble("floor", atLeast: 0, max: 1);
            CheckNumbersFit(rule, path, kind, delta, minLabels, floor);
            if (name is not null && kind is { } k)
            {
                rules.Add(k == AlertKind.RealisedAucDrop
                    ? new AlertRule(name, k, delta ?? AlertRule.DefaultAucDrop, minLabels ?? AlertRule.DefaultMinLabels)
                    : new AlertRule(name, k, Floor: floor));
            }
        }

        return rules;
    }

    /// <summary>A number that its kind does not use is a rule that does not say what its author thinks.</summary>
    private static void CheckNumbersFit(StrictMapping rule, string path, AlertKind? kind, double? delta, int? minLabels, double? floor)
    {
        if (kind is not { } k)
        {
            return;
        }

        string yaml = AlertKinds.Of(k);
        foreach ((string key, bool given, bool fits) in (ReadOnlySpan<(string, bool, bool)>)[
            ("delta", delta is not null, k == AlertKind.RealisedAucDrop),
            ("min_labels", minLabels is not null, k == AlertKind.RealisedAucDrop),
            ("floor", floor is not null, k == AlertKind.EstimatedAucBelow)])
        {
            if (given && !fits)
            {
                rule.Errors.Add(rule.KeyAt(key), $"{path}.{key}: a {yaml} rule takes no {key} (delta and min_labels are for realised_auc_drop, floor for estimated_auc_below)");
            }
        }

        if (k == AlertKind.EstimatedAucBelow && floor is null && !rule.Has("floor"))
        {
            rule.Errors.Add(rule.At, $"{path}: an estimated_auc_below rule needs floor: the estimated AUC below which it alerts");
        }
    }

    private static RetrainingPolicy? ReadRetraining(StrictMapping section)
    {
        if (section.Nested("retraining", RetrainingKeys) is not { } r)
        {
            return null;
        }

        DatasetDriftTrigger? drift = null;
        AucDropTrigger? drop = null;
        double? floor = null;
        int? every = null;
        if (r.Nested("triggers", TriggerKeys) is { } t)
        {
            if (t.Nested("dataset_drift", DatasetDriftKeys) is { } d)
            {
                d.Require("windows", "M: how many of the last of_last windows must drift");
                d.Require("of_last", "N: how many of the latest non-empty windows are looked at");
                int m = d.Int("windows", 1, 1);
                int n = d.Int("of_last", m, 1);
                if (d.Has("windows") && d.Has("of_last") && m > n)
                {
                    d.Errors.Add(d.KeyAt("windows"), $"monitoring.retraining.triggers.dataset_drift: windows ({m}) cannot be more than of_last ({n})");
                }

                drift = new DatasetDriftTrigger(m, n);
            }

            if (t.Nested("realised_auc_drop", AucDropKeys) is { } a)
            {
                drop = new AucDropTrigger(a.NullableDouble("delta", above: 0, max: 1) ?? AlertRule.DefaultAucDrop, a.Int("min_labels", AlertRule.DefaultMinLabels, 1));
            }

            floor = t.NullableDouble("estimated_auc_below", atLeast: 0, max: 1);
            every = t.NullableInt("every_days", 1);
        }

        return new RetrainingPolicy(
            drift, drop, floor, every,
            r.Int("cooldown_days", RetrainingPolicy.DefaultCooldownDays, 0),
            r.IsNull("data") ? null : r.String("data"),
            r.Bool("require_approval", true));
    }
}

using System.Text.RegularExpressions;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.Schemas;
using MatchModels.Monitoring.Settings;
using MatchModels.Training.Fairness;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Reads a pipeline file (pipelines/README.md) strictly: every unknown key, wrong type, out-of-range value and
/// inconsistency is reported with its file and line, all at once in one <see cref="PipelineFileException"/>.
/// </summary>
public static partial class PipelineFile
{
    /// <summary>A registry folder name: models/&lt;name&gt;/ must be safe on every file system and in a URL.</summary>
    public const int MaxNameLength = 64;

    private static readonly string[] s_topKeys =
        ["name", "task", "data", "seed", "label", "cutoff_days", "features", "allow_audit_features", "split", "search", "gates", "fairness", "monitoring", "columns"];

    private static readonly string[] s_pairSuccessLabelKeys = ["min_sessions", "within_days", "min_mentee_satisfaction"];
    private static readonly string[] s_dropoutLabelKeys = ["no_session_days"];
    private static readonly string[] s_splitKeys = ["test_cohorts", "folds", "min_positives"];
    private static readonly string[] s_searchKeys = ["trainers", "budget_seconds", "trials", "metric"];
    private static readonly string[] s_gateKeys = ["min_auc", "max_ece", "min_brier_skill", "max_fairness_gap", "fairness_metric", "max_demographic_parity_difference", "max_equalized_odds_difference", "min_improvement"];
    private static readonly string[] s_fairnessKeys = ["min_group_size", "attributes"];

    /// <summary>Stands in for a label that could not be read; never returned, since reading then fails.</summary>
    private static readonly LabelSpec s_placeholder = new DropoutLabel(1);

    private static readonly (string Section, string[] Keys)[] s_sections =
    [
        ("label", [.. s_pairSuccessLabelKeys, .. s_dropoutLabelKeys]),
        ("split", s_splitKeys),
        ("search", s_searchKeys),
        ("gates", s_gateKeys),
        ("fairness", s_fairnessKeys),
    ];

    /// <summary>Reads and checks the pipeline file at <paramref name="path"/>; errors name it as given.</summary>
    /// <exception cref="PipelineFileException">The file cannot be read, or has any problem.</exception>
    public static PipelineSpec Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PipelineFileException([new PipelineError(path, null, null, $"cannot read the pipeline file: {e.Message}")]);
        }

        return Parse(yaml, path);
    }

    /// <summary>Checks the pipeline text <paramref name="yaml"/>; errors name <paramref name="fileName"/>.</summary>
    /// <exception cref="PipelineFileException">The text has any problem.</exception>
    public static PipelineSpec Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new PipelineErrorList(fileName);
        YamlMappingNode? root = StrictYamlReader.ReadMapping(yaml, errors);
        if (root is null)
        {
            throw errors.ToException();
        }

        var top = new StrictMapping(root, null, s_topKeys, errors, k => Hint(k, null), at: new Mark(0, 1, 1));
        PipelineSpec spec = Read(top);
        return errors.Any ? throw errors.ToException() : spec;
    }

    /// <summary>Reads every key, reporting as it goes; the result is only used when nothing was reported.</summary>
    private static PipelineSpec Read(StrictMapping top)
    {
        string name = ReadName(top);
        top.Require("task", $"one of {string.Join(", ", PipelineTaskNames.All)}");
        PipelineTask? task = top.Enum("task", PipelineTaskNames.Yaml);
        top.Require("data", "the directory of the four history tables, e.g. data/sample");
        string data = top.String("data") ?? "";
        int seed = top.Int("seed", PipelineDefaults.Seed, 0);
        LabelSpec label = ReadLabel(top, task);
        int cutoffDays = ReadCutoff(top, task);
        List<(string Name, YamlScalarNode Node)> allowedItems = ReadAllowedAuditFeatures(top);
        var allowed = new ValueList<string>(allowedItems.Select(a => a.Name));
        (ValueList<string> features, bool usesAll) = ReadFeatures(top, task, allowed);
        CheckAllowedAreUsed(top, allowedItems, features, usesAll);
        SplitSpec split = ReadSplit(top);
        SearchSpec search = ReadSearch(top);
        ValueList<DeclaredColumn> columns = ReadColumnsSection.Read(top);
        FairnessSpec fairness = ReadFairness(top, columns);
        GateSpec gates = ReadGates(top, fairness);
        MonitoringSettings monitoring = ReadMonitoringSection.Read(top, features);
        return new PipelineSpec(name, task ?? PipelineTask.PairSuccess, data, seed, label, cutoffDays, features, allowed, split, search, gates, fairness) { Monitoring = monitoring, Columns = columns };
    }

    private static string ReadName(StrictMapping top)
    {
        top.Require("name", "the registry model name, e.g. pair-success");
        string? name = top.String("name");
        if (name is not null && (name.Length > MaxNameLength || !NamePattern().IsMatch(name)))
        {
            top.Errors.Add(top.KeyAt("name"), $"name: '{name}' is not a model name: use lower-case letters, digits and hyphens, starting with a letter or digit, at most {MaxNameLength} characters (it names the folder models/<name>/)");
        }

        return name ?? "";
    }

    private static LabelSpec ReadLabel(StrictMapping top, PipelineTask? task)
    {
        string[] keys = task switch
        {
            PipelineTask.PairSuccess => s_pairSuccessLabelKeys,
            PipelineTask.Dropout => s_dropoutLabelKeys,
            _ => [.. s_pairSuccessLabelKeys, .. s_dropoutLabelKeys],
        };
        string what = task switch
        {
            PipelineTask.PairSuccess => "the success rule, with min_sessions, within_days and optionally min_mentee_satisfaction",
            PipelineTask.Dropout => "the drop-out rule, with no_session_days",
            _ => "the label rule of the task",
        };
        if (!top.Require("label", what))
        {
            return s_placeholder;
        }

        StrictMapping? label = top.Nested("label", keys, k => LabelKeyHint(k, task));
        if (label is null)
        {
            if (top.IsNull("label"))
            {
                top.Errors.Add(top.KeyAt("label"), $"label: expected a mapping: {what}");
            }

            return s_placeholder;
        }

        switch (task)
        {
            case PipelineTask.PairSuccess:
                label.Require("min_sessions", "how many sessions a successful pair holds within within_days");
                label.Require("within_days", "the days after matched_at in which those sessions count");
                ColumnSpec satisfaction = HistorySchemas.Outcomes["mentee_satisfaction"];
                return new PairSuccessLabel(
                    label.Int("min_sessions", 0, 0),
                    label.Int("within_days", 1, 1),
                    label.NullableInt("min_mentee_satisfaction", (int)(satisfaction.Minimum ?? 1), (int)(satisfaction.Maximum ?? int.MaxValue)));
            case PipelineTask.Dropout:
                label.Require("no_session_days", "a pair that ends with no session in this many days before ended_at counts as dropped");
                return new DropoutLabel(label.Int("no_session_days", 1, 1));
            default:
                return s_placeholder;
        }
    }

    private static string? LabelKeyHint(string key, PipelineTask? task) => task switch
    {
        PipelineTask.PairSuccess when s_dropoutLabelKeys.Contains(key) =>
            $": it belongs to task dropout; task pair-success takes {string.Join(", ", s_pairSuccessLabelKeys)}",
        PipelineTask.Dropout when s_pairSuccessLabelKeys.Contains(key) =>
            $": it belongs to task pair-success; task dropout takes {string.Join(", ", s_dropoutLabelKeys)}",
        _ => null,
    };

    private static int ReadCutoff(StrictMapping top, PipelineTask? task)
    {
        int? cutoff = top.NullableInt("cutoff_days", 0, nullAllowed: false);
        switch (task)
        {
            case PipelineTask.PairSuccess when cutoff is { } days && days != 0:
                top.Errors.Add(top.KeyAt("cutoff_days"), $"cutoff_days must be 0 for task pair-success, found {days}: its features are as of the match date (task dropout predicts from later)");
                return 0;
            case PipelineTask.PairSuccess:
                return PipelineDefaults.PairSuccessCutoffDays;
            case PipelineTask.Dropout when cutoff == 0:
                top.Errors.Add(top.KeyAt("cutoff_days"), "cutoff_days must be more than 0 for task dropout: features are as of that many days after the match (0 is task pair-success's cut-off)");
                return 1;
            case PipelineTask.Dropout:
                top.Require("cutoff_days", "for task dropout, the days after the match at which to predict (more than 0), e.g. 30");
                return cutoff ?? 1;
            default:
                return cutoff ?? 0;
        }
    }

    private static List<(string Name, YamlScalarNode Node)> ReadAllowedAuditFeatures(StrictMapping top)
    {
        var allowed = new List<(string, YamlScalarNode)>();
        var seen = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach ((string name, YamlScalarNode node) in top.NameList("allow_audit_features") ?? [])
        {
            if (!PipelineSpec.AuditAttributes.Contains(name))
            {
                top.Errors.Add(node, $"allow_audit_features: '{name}' is not an audit-only attribute{ClosestName.Hint(name, PipelineSpec.AuditAttributes)}; only {string.Join(", ", PipelineSpec.AuditAttributes)} need allowing", withColumn: true);
            }
            else if (NotRepeated(top, "allow_audit_features", name, node, seen))
            {
                allowed.Add((name, node));
            }
        }

        return allowed;
    }

    private static (ValueList<string> Features, bool UsesAll) ReadFeatures(StrictMapping top, PipelineTask? task, ValueList<string> allowed)
    {
        // Feature names do not depend on the horizon, so any builder of the task lists them; an unknown task is
        // checked against the larger drop-out set, to still catch typos.
        IReadOnlyList<string> builderNames = (task == PipelineTask.PairSuccess ? PairFeatureBuilder.PairSuccess : PairFeatureBuilder.Dropout(0))
            .Definitions.Select(d => d.Name).ToArray();
        YamlNode? node = top.Value("features");
        if (node is null || node is YamlScalarNode { Value: "all", Style: ScalarStyle.Plain })
        {
            return (new ValueList<string>(builderNames), true);
        }

        if (node is not YamlSequenceNode)
        {
            top.Errors.Add(top.KeyAt("features"), $"features: expected 'all' or a list of feature names, found {YamlScalars.Describe(node)}");
            return ([], false);
        }

        List<(string Name, YamlScalarNode Node)> listed = top.NameList("features") ?? [];
        if (listed.Count == 0 && ((YamlSequenceNode)node).Children.Count == 0)
        {
            top.Errors.Add(top.KeyAt("features"), "features: the list is empty: give 'all' or at least one feature name");
        }

        string taskName = task?.YamlName ?? "the task";
        var features = new List<string>();
        var seen = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach ((string name, YamlScalarNode item) in listed)
        {
            if (PipelineSpec.AuditAttributes.Contains(name) && !allowed.Contains(name))
            {
                top.Errors.Add(item, $"feature '{name}' is an audit-only attribute: a model may use it only when allow_audit_features lists it too (and every report then flags it)", withColumn: true);
            }
            else if (!builderNames.Contains(name) && !PipelineSpec.AuditAttributes.Contains(name))
            {
                string why = task == PipelineTask.PairSuccess && PairFeatureBuilder.Dropout(0).Definitions.Any(d => d.Name == name)
                    ? $"feature '{name}' is computed only for task dropout: pair-success features are as of the match date, before any session"
                    : $"unknown feature '{name}'{ClosestName.Hint(name, [.. builderNames, .. allowed])}";
                top.Errors.Add(item, $"{why}; the features of {taskName} are: {string.Join(", ", builderNames)}", withColumn: true);
            }
            else if (NotRepeated(top, "features", name, item, seen))
            {
                features.Add(name);
            }
        }

        return (new ValueList<string>(features), false);
    }

    /// <summary>An allowed audit attribute that is not a feature is almost always a pipeline that expected 'all' to include it.</summary>
    private static void CheckAllowedAreUsed(StrictMapping top, List<(string Name, YamlScalarNode Node)> allowed, ValueList<string> features, bool usesAll)
    {
        foreach ((string name, YamlScalarNode node) in allowed)
        {
            if (!features.Contains(name) && (usesAll || features.Count > 0))
            {
                string why = usesAll ? "features: all never includes an audit-only attribute" : "features does not list it";
                top.Errors.Add(node, $"allow_audit_features allows '{name}' but {why}: list it in features to use it, or remove it here", withColumn: true);
            }
        }
    }

    private static SplitSpec ReadSplit(StrictMapping top)
    {
        if (top.Nested("split", s_splitKeys, k => Hint(k, "split")) is not { } split)
        {
            return SplitSpec.Default;
        }

        return new SplitSpec(
            split.Int("test_cohorts", PipelineDefaults.TestCohorts, 1),
            split.Int("folds", PipelineDefaults.Folds, 2),
            split.Int("min_positives", PipelineDefaults.MinPositives, 1));
    }

    private static SearchSpec ReadSearch(StrictMapping top)
    {
        const string What = "the trainers to try and a budget_seconds or a number of trials";
        var fallback = new SearchSpec(PipelineDefaults.Trainers, null, 1, PipelineDefaults.Metric);
        if (!top.Require("search", What))
        {
            return fallback;
        }

        if (top.Nested("search", s_searchKeys, k => Hint(k, "search")) is not { } search)
        {
            if (top.IsNull("search"))
            {
                top.Errors.Add(top.KeyAt("search"), $"search: expected a mapping: {What}");
            }

            return fallback;
        }

        ValueList<TrainerKind> trainers = ReadTrainers(search);
        double? budget = search.NullableDouble("budget_seconds", above: 0);
        int? trials = search.NullableInt("trials", 1);
        bool budgetGiven = search.Has("budget_seconds") && !search.IsNull("budget_seconds");
        bool trialsGiven = search.Has("trials") && !search.IsNull("trials");
        if (!budgetGiven && !trialsGiven)
        {
            search.Errors.Add(search.At, "search needs budget_seconds or trials: how long to search, or how many candidates to try (trials wins when both are given)");
        }

        return new SearchSpec(trainers, budget, trials, search.Enum("metric", SelectionMetricNames.Yaml) ?? PipelineDefaults.Metric);
    }

    private static ValueList<TrainerKind> ReadTrainers(StrictMapping search)
    {
        if (search.NameList("trainers") is not { } items)
        {
            return PipelineDefaults.Trainers;
        }

        if (items.Count == 0 && search.Value("trainers") is YamlSequenceNode { Children.Count: 0 })
        {
            search.Errors.Add(search.KeyAt("trainers"), $"search.trainers: the list is empty: name at least one of {string.Join(", ", TrainerKindNames.All)}");
        }

        var trainers = new List<TrainerKind>();
        var seen = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach ((string name, YamlScalarNode node) in items)
        {
            if (!TrainerKindNames.TryParse(name, out TrainerKind trainer))
            {
                search.Errors.Add(node, $"search.trainers: unknown trainer '{name}'{ClosestName.Hint(name, TrainerKindNames.All)}; the trainers are: {string.Join(", ", TrainerKindNames.All)}", withColumn: true);
            }
            else if (NotRepeated(search, "search.trainers", name, node, seen))
            {
                trainers.Add(trainer);
            }
        }

        return new ValueList<TrainerKind>(trainers);
    }

    private static FairnessSpec ReadFairness(StrictMapping top, ValueList<DeclaredColumn> columns)
    {
        if (top.Nested("fairness", s_fairnessKeys, k => Hint(k, "fairness")) is not { } fairness)
        {
            return FairnessSpec.Default;
        }

        int minGroupSize = fairness.Int("min_group_size", PipelineDefaults.MinGroupSize, 1);
        if (fairness.NameList("attributes") is not { } items)
        {
            return FairnessSpec.Default with { MinGroupSize = minGroupSize };
        }

        var attributes = new List<string>();
        var seen = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        string[] groupable = [.. FairnessSpec.GroupableAttributes, .. columns.Where(c => c.Groupable).Select(c => c.Name)];
        foreach ((string name, YamlScalarNode node) in items)
        {
            if (columns.FirstOrDefault(c => c.Name == name) is { Groupable: false } declared)
            {
                fairness.Errors.Add(node, $"fairness.attributes: '{name}' is a declared {DeclaredColumnNames.Of(declared.Type)} column: groups are formed by a category or a boolean column", withColumn: true);
            }
            else if (!groupable.Contains(name))
            {
                fairness.Errors.Add(node, $"fairness.attributes: unknown attribute '{name}'{ClosestName.Hint(name, groupable)}; groups can be formed by: {string.Join(", ", groupable)}", withColumn: true);
            }
            else if (NotRepeated(fairness, "fairness.attributes", name, node, seen))
            {
                attributes.Add(name);
            }
        }

        return new FairnessSpec(minGroupSize, new ValueList<string>(attributes));
    }

    private static GateSpec ReadGates(StrictMapping top, FairnessSpec fairness)
    {
        if (top.Nested("gates", s_gateKeys, k => Hint(k, "gates")) is not { } gates)
        {
            return GateSpec.None;
        }

        var spec = new GateSpec(
            gates.NullableDouble("min_auc", atLeast: 0, max: 1),
            gates.NullableDouble("max_ece", atLeast: 0, max: 1),
            gates.NullableDouble("max_fairness_gap", atLeast: 0, max: 1),
            gates.Enum("fairness_metric", FairnessMetricNames.Yaml) ?? PipelineDefaults.GapMetric,
            gates.NullableDouble("min_improvement", atLeast: 0),
            gates.NullableDouble("min_brier_skill", atLeast: -1, max: 1),
            gates.NullableDouble("max_demographic_parity_difference", atLeast: 0, max: 1),
            gates.NullableDouble("max_equalized_odds_difference", atLeast: 0, max: 1));
        foreach ((string key, double? value) in (ReadOnlySpan<(string, double?)>)[
            ("max_fairness_gap", spec.MaxFairnessGap),
            ("max_demographic_parity_difference", spec.MaxDemographicParityDifference),
            ("max_equalized_odds_difference", spec.MaxEqualizedOddsDifference)])
        {
            if (value is not null && fairness.Attributes.Count == 0)
            {
                gates.Errors.Add(gates.KeyAt(key), $"gates.{key} needs groups to compare, but fairness.attributes is empty");
            }
        }

        return spec;
    }

    private static bool NotRepeated(StrictMapping at, string list, string name, YamlScalarNode node, Dictionary<string, YamlScalarNode> seen)
    {
        if (seen.TryGetValue(name, out YamlScalarNode? first))
        {
            at.Errors.Add(node, $"{list}: '{name}' is listed twice (first at line {first.Start.Line})", withColumn: true);
            return false;
        }

        seen[name] = node;
        return true;
    }

    /// <summary>For a key that is unknown where it stands: a near miss there, or the section it belongs to.</summary>
    private static string? Hint(string key, string? section)
    {
        string[] own = section is null ? s_topKeys : s_sections.First(s => s.Section == section).Keys;
        if (ClosestName.To(key, own) is { } near)
        {
            return $" (did you mean '{near}'?)";
        }

        if (section is not null && s_topKeys.Contains(key))
        {
            return $" ('{key}' is a top-level key: move it out of {section})";
        }

        foreach ((string other, string[] keys) in s_sections)
        {
            if (other != section && keys.Contains(key))
            {
                return $" (did you mean '{other}.{key}'? it belongs under {other}:)";
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}

using System.Text.RegularExpressions;
using MatchModels.Core.Features;
using MatchModels.Training.Fairness;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

public sealed partial class PipelineFileTests
{
    private static string Committed(string name) => Path.Combine(RepoPaths.Root, "pipelines", name);

    private static string[] BuilderNames(PairFeatureBuilder builder) => builder.Definitions.Select(d => d.Name).ToArray();

    [Fact]
    public void The_committed_pair_success_pipeline_parses_to_what_it_says()
    {
        PipelineSpec spec = PipelineFile.Load(Committed("pair-success.yaml"));

        Assert.Equal("pair-success", spec.Name);
        Assert.Equal(PipelineTask.PairSuccess, spec.Task);
        Assert.Equal("data/sample", spec.Data);
        Assert.Equal(42, spec.Seed);
        Assert.Equal(new PairSuccessLabel(4, 90, 4), spec.Label);
        Assert.Equal(0, spec.CutoffDays);
        Assert.Equal(BuilderNames(PairFeatureBuilder.PairSuccess), spec.Features);
        Assert.Empty(spec.AllowAuditFeatures);
        Assert.Equal(new SplitSpec(2, 5, 20), spec.Split);
        Assert.Equal(new SearchSpec(PipelineDefaults.Trainers, 45, null, SelectionMetric.Auc), spec.Search);
        Assert.Equal(new GateSpec(0.60, 0.05, 0.10, FairnessMetric.Auc, 0.0, MinBrierSkill: 0.0), spec.Gates);
        Assert.Equal(new FairnessSpec(20, ["gender", "age_band", "department", "site"]), spec.Fairness);
        Assert.Same(PairFeatureBuilder.PairSuccess, spec.FeatureBuilder);
    }

    [Fact]
    public void The_committed_dropout_pipeline_parses_with_engagement_features_at_its_cutoff()
    {
        PipelineSpec spec = PipelineFile.Load(Committed("dropout.yaml"));

        Assert.Equal(PipelineTask.Dropout, spec.Task);
        Assert.Equal(new DropoutLabel(30), spec.Label);
        Assert.Equal(30, spec.CutoffDays);
        Assert.Equal(BuilderNames(PairFeatureBuilder.Dropout(30)), spec.Features);
        Assert.Contains("sessions_so_far", spec.Features);
        Assert.Equal(30, spec.FeatureBuilder.HorizonDays);
    }

    [Theory]
    [InlineData("pair-success.yaml")]
    [InlineData("dropout.yaml")]
    public void Resolved_yaml_of_a_committed_pipeline_reads_back_to_an_equal_spec(string file)
    {
        PipelineSpec spec = PipelineFile.Load(Committed(file));

        string resolved = spec.ToYaml();
        PipelineSpec again = PipelineFile.Parse(resolved, "resolved.yaml");

        Assert.Equal(spec, again);
        Assert.Equal(resolved, again.ToYaml());
        Assert.Equal(spec.Digest, again.Digest);
    }

    [Fact]
    public void Resolved_yaml_fills_in_every_default()
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal, "min.yaml");

        Assert.Equal(
            """
            name: m
            task: pair-success
            data: d
            seed: 42
            label:
              min_sessions: 4
              within_days: 90
              min_mentee_satisfaction: null
            cutoff_days: 0
            features:
              - skill_overlap_count
              - skill_jaccard
              - goals_similarity
              - goals_coverage
              - goals_topic_similarity
              - goals_theme_coverage
              - goals_skill_similarity
              - goals_skill_coverage
              - concept_similarity
              - concept_coverage
              - concept_group_coverage
              - level_gap
              - mentee_job_level
              - same_department
              - same_site
              - timezone_gap_h
              - shared_language
              - shared_language_count
              - availability_min_h
              - same_reporting_line
              - mentor_active_pairs
              - mentor_free_capacity
              - mentor_prior_pairs
              - mentor_prior_success_rate
              - mentee_tenure_years
              - mentor_tenure_years
            allow_audit_features: []
            split:
              test_cohorts: 2
              folds: 5
              min_positives: 20
            search:
              trainers: [lbfgs_logistic, sdca_logistic, fast_tree, fast_forest, lightgbm]
              budget_seconds: null
              trials: 10
              metric: auc
            gates:
              min_auc: null
              max_ece: null
              min_brier_skill: null
              max_fairness_gap: null
              fairness_metric: auc
              max_demographic_parity_difference: null
              max_equalized_odds_difference: null
              min_improvement: null
            fairness:
              min_group_size: 20
              attributes: [gender, age_band, department, site]
            monitoring:
              window: week
              drift:
                method: null
                threshold: null
                share: 0.5
                features: {}
              multivariate:
                threshold: 0.55
              calibration:
                delta: 0.002
              alerts:
                - name: dataset_drift
                  kind: dataset_drift
                - name: prediction_drift
                  kind: prediction_drift
                - name: multivariate_drift
                  kind: multivariate_drift
                - name: realised_auc_drop
                  kind: realised_auc_drop
                  delta: 0.05
                  min_labels: 200
                - name: detector_alarm
                  kind: detector_alarm
              retraining: null

            """.ReplaceLineEndings("\n"),
            spec.ToYaml());
    }

    [Fact]
    public void Digest_ignores_comments_and_key_order_but_not_values()
    {
        const string Reordered = """
            # the same pipeline, written differently
            search: {trials: 10}
            label: {within_days: 90, min_sessions: 4}
            data: d
            task: pair-success   # still the same task
            name: m
            """;
        string digest = PipelineFile.Parse(Minimal, "a.yaml").Digest;

        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal(digest, PipelineFile.Parse(Reordered, "b.yaml").Digest);
        Assert.NotEqual(digest, PipelineFile.Parse(Minimal.Replace("trials: 10", "trials: 11", StringComparison.Ordinal), "c.yaml").Digest);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("2024")]
    [InlineData("true")]
    [InlineData("C:\\exports\\hr \"june\"")]
    [InlineData("data: with colon")]
    [InlineData("/srv/exports/2024-06")]
    public void Data_paths_that_look_like_other_yaml_values_round_trip(string data)
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal, "m.yaml") with { Data = data };

        Assert.Equal(data, PipelineFile.Parse(spec.ToYaml(), "resolved.yaml").Data);
    }

    [Fact]
    public void Both_budget_and_trials_is_fine_and_trials_wins()
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal.Replace("trials: 10", "trials: 10\n  budget_seconds: 2.5", StringComparison.Ordinal), "m.yaml");

        Assert.Equal(2.5, spec.Search.BudgetSeconds);
        Assert.Equal(10, spec.Search.Trials);
        Assert.True(spec.Search.UsesTrials);
    }

    [Fact]
    public void A_budget_alone_does_not_use_trials()
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal.Replace("trials: 10", "budget_seconds: 30", StringComparison.Ordinal), "m.yaml");

        Assert.False(spec.Search.UsesTrials);
        Assert.Equal(30, spec.Search.BudgetSeconds);
    }

    [Fact]
    public void Allowed_and_listed_audit_features_are_kept_as_names_and_flagged()
    {
        PipelineSpec spec = PipelineFile.Parse(
            Minimal + "features: [skill_jaccard, gender, level_gap]\nallow_audit_features: [gender]\n", "m.yaml");

        Assert.Equal(["skill_jaccard", "gender", "level_gap"], spec.Features);
        Assert.Equal(["gender"], spec.AuditFeatures);
        Assert.Equal(["skill_jaccard", "level_gap"], spec.BuilderFeatures);
        Assert.Equal(spec, PipelineFile.Parse(spec.ToYaml(), "resolved.yaml"));
    }

    [Fact]
    public void Audit_attributes_come_from_the_participants_schema()
    {
        Assert.Equal(["gender", "age_band"], PipelineSpec.AuditAttributes);
    }

    [Fact]
    public void Features_listed_in_block_style_keep_the_file_order()
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal + "features:\n  - same_site\n  - skill_jaccard\n", "m.yaml");

        Assert.Equal(["same_site", "skill_jaccard"], spec.Features);
    }

    [Fact]
    public void Empty_optional_sections_take_their_defaults()
    {
        PipelineSpec spec = PipelineFile.Parse(Minimal + "split:\ngates:\nfairness:\n", "m.yaml");

        Assert.Equal(SplitSpec.Default, spec.Split);
        Assert.Equal(GateSpec.None, spec.Gates);
        Assert.Equal(FairnessSpec.Default, spec.Fairness);
    }

    [Fact]
    public void The_example_in_the_readme_is_a_valid_pipeline()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));
        string example = YamlBlock().Matches(readme).Last().Groups[1].Value;

        PipelineSpec spec = PipelineFile.Parse(example, "README.md");

        Assert.Equal("dropout-age-audit", spec.Name);
        Assert.Equal(["age_band"], spec.AuditFeatures);
        Assert.Equal(FairnessMetric.PositiveRate, spec.Gates.FairnessMetric);
        Assert.Equal(0.15, spec.Gates.MaxEqualizedOddsDifference);
    }

    [Fact]
    public void The_readme_documents_every_gate_key_of_the_resolved_pipeline()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));
        string resolved = PipelineFile.Load(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")).ToYaml();
        string gates = resolved[(resolved.IndexOf("gates:\n", StringComparison.Ordinal) + 7)..resolved.IndexOf("fairness:\n", StringComparison.Ordinal)];

        string[] keys = [.. gates.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(':')[0])];

        Assert.Contains("min_brier_skill", keys);
        Assert.All(keys, k => Assert.Contains($"| `{k}` |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_names_every_feature_and_trainer()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));

        foreach (string name in BuilderNames(PairFeatureBuilder.Dropout(1)).Concat(TrainerKindNames.All).Concat(LabelExclusionNames.All))
        {
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SelectionMetric.Auc, true, 0.75, 0.70, 0.05, true)]
    [InlineData(SelectionMetric.Auc, true, 0.74, 0.70, 0.05, false)]
    [InlineData(SelectionMetric.PrAuc, true, 0.40, 0.40, 0.0, true)]
    [InlineData(SelectionMetric.LogLoss, false, 0.40, 0.50, 0.05, true)]
    [InlineData(SelectionMetric.LogLoss, false, 0.48, 0.50, 0.05, false)]
    [InlineData(SelectionMetric.Brier, false, 0.20, 0.18, 0.0, false)]
    public void Selection_metrics_know_which_way_is_better(SelectionMetric metric, bool higherIsBetter, double candidate, double champion, double margin, bool beats)
    {
        Assert.Equal(higherIsBetter, metric.HigherIsBetter);
        Assert.Equal(beats, metric.Beats(candidate, champion, margin));
    }

    [Fact]
    public void Yaml_names_cover_every_trainer()
    {
        Assert.Equal(["lbfgs_logistic", "sdca_logistic", "fast_tree", "fast_forest", "lightgbm"], Enum.GetValues<TrainerKind>().Select(t => t.YamlName));
        Assert.True(TrainerKindNames.TryParse("fast_forest", out TrainerKind t));
        Assert.Equal(TrainerKind.FastForest, t);
    }

    internal const string Minimal = """
        name: m
        task: pair-success
        data: d
        label:
          min_sessions: 4
          within_days: 90
        search:
          trials: 10

        """;

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}

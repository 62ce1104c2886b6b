using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

/// <summary>One test per kind of bad input: each checks the line (and column where given) and the message.</summary>
public sealed class PipelineFileErrorTests
{
    private const string File = "pipelines/x.yaml";

    private static IReadOnlyList<PipelineError> Errors(string yaml) =>
        Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(yaml, File)).Errors;

    /// <summary>The one error of <paramref name="yaml"/>, as "file:line: message".</summary>
    private static string Only(string yaml) => Assert.Single(Errors(yaml)).ToString();

    private static string Minimal => PipelineFileTests.Minimal;

    private static string DropoutMinimal => """
        name: m
        task: dropout
        data: d
        label:
          no_session_days: 30
        cutoff_days: 30
        search:
          trials: 10

        """;

    [Fact]
    public void Unknown_key_suggests_the_nearest_one()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: unknown key 'feaures' (did you mean 'features'?)",
            Only(Minimal + "feaures: all\n"));
    }

    [Fact]
    public void Unknown_key_in_a_section_suggests_within_the_section()
    {
        Assert.Equal(
            "pipelines/x.yaml:10: unknown key 'fold' in split (did you mean 'folds'?)",
            Only(Minimal + "split:\n  fold: 3\n"));
    }

    [Fact]
    public void Section_key_at_the_top_level_says_where_it_belongs()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: unknown key 'min_positives' (did you mean 'split.min_positives'? it belongs under split:)",
            Only(Minimal + "min_positives: 3\n"));
    }

    [Fact]
    public void A_key_cut_short_suggests_the_full_one()
    {
        Assert.Equal("pipelines/x.yaml:9: unknown key 'budget' in search (did you mean 'budget_seconds'?)", Only(Minimal + "  budget: 60\n"));
    }

    [Fact]
    public void Unknown_key_far_from_any_gets_no_suggestion()
    {
        Assert.Equal("pipelines/x.yaml:9: unknown key 'owner'", Only(Minimal + "owner: me\n"));
    }

    [Fact]
    public void A_string_where_a_number_is_expected_is_an_error()
    {
        Assert.Equal("pipelines/x.yaml:9: seed: expected a whole number, found 'forty-two'", Only(Minimal + "seed: forty-two\n"));
    }

    [Fact]
    public void A_quoted_number_is_a_string()
    {
        Assert.Equal(
            "pipelines/x.yaml:10: split.folds: expected a whole number, found the quoted string '5'",
            Only(Minimal + "split:\n  folds: '5'\n"));
    }

    [Fact]
    public void A_decimal_where_a_whole_number_is_expected_is_an_error()
    {
        Assert.Equal("pipelines/x.yaml:5: label.min_sessions: expected a whole number, found '4.5'", Only(Minimal.Replace("min_sessions: 4", "min_sessions: 4.5", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_list_where_a_mapping_is_expected_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: split: expected a mapping (keys indented under 'split:'), found a list",
            Only(Minimal + "split: [2, 5, 20]\n"));
    }

    [Fact]
    public void A_mapping_where_a_name_is_expected_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: search.metric: expected one of auc, pr_auc, log_loss, brier, found a mapping",
            Only(Minimal.Replace("trials: 10", "trials: 10\n  metric:\n    auc: true", StringComparison.Ordinal)));
    }

    [Fact]
    public void Null_is_refused_where_a_value_is_required()
    {
        Assert.Equal("pipelines/x.yaml:9: seed: expected a whole number, found nothing (null)", Only(Minimal + "seed: null\n"));
    }

    [Theory]
    [InlineData("label:\n  min_sessions: 4\n  within_days: -5\nsearch:\n  trials: 10\n", 6, "label.within_days: must be at least 1, found -5")]
    [InlineData("label:\n  min_sessions: -1\n  within_days: 90\nsearch:\n  trials: 10\n", 5, "label.min_sessions: must not be negative, found -1")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\n  min_mentee_satisfaction: 6\nsearch:\n  trials: 10\n", 7, "label.min_mentee_satisfaction: must be between 1 and 5, found 6")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 0\n", 8, "search.trials: must be at least 1, found 0")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  budget_seconds: 0\n", 8, "search.budget_seconds: must be greater than 0, found 0")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  budget_seconds: -2.5\n", 8, "search.budget_seconds: must be greater than 0, found -2.5")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\nsplit:\n  folds: 1\n", 10, "split.folds: must be at least 2, found 1")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\nsplit:\n  test_cohorts: 0\n", 10, "split.test_cohorts: must be at least 1, found 0")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\ngates:\n  min_auc: 1.5\n", 10, "gates.min_auc: must be between 0 and 1, found 1.5")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\ngates:\n  min_improvement: -0.01\n", 10, "gates.min_improvement: must be at least 0, found -0.01")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\ngates:\n  min_brier_skill: 1.5\n", 10, "gates.min_brier_skill: must be between -1 and 1, found 1.5")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\ngates:\n  max_demographic_parity_difference: -0.1\n", 10, "gates.max_demographic_parity_difference: must be between 0 and 1, found -0.1")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\nseed: -1\n", 9, "seed: must not be negative, found -1")]
    [InlineData("label:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 10\nfairness:\n  min_group_size: 0\n", 10, "fairness.min_group_size: must be at least 1, found 0")]
    public void Out_of_range_values_are_errors(string rest, int line, string message)
    {
        Assert.Equal($"{File}:{line}: {message}", Only("name: m\ntask: pair-success\ndata: d\n" + rest));
    }

    [Fact]
    public void Neither_budget_nor_trials_is_an_error_at_the_search_line()
    {
        Assert.Equal(
            "pipelines/x.yaml:7: search needs budget_seconds or trials: how long to search, or how many candidates to try (trials wins when both are given)",
            Only(Minimal.Replace("trials: 10", "metric: auc", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_feature_lists_the_valid_ones()
    {
        string error = Only(Minimal + "features: [skill_jaccard, skil_overlap_count]\n");

        Assert.StartsWith(
            "pipelines/x.yaml:9:27: unknown feature 'skil_overlap_count' (did you mean 'skill_overlap_count'?); the features of pair-success are: skill_overlap_count, skill_jaccard, goals_similarity,",
            error,
            StringComparison.Ordinal);
        Assert.EndsWith("mentee_tenure_years, mentor_tenure_years", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropout_feature_in_a_pair_success_pipeline_says_why()
    {
        Assert.StartsWith(
            "pipelines/x.yaml:10:5: feature 'sessions_so_far' is computed only for task dropout: pair-success features are as of the match date, before any session; the features of pair-success are: ",
            Only(Minimal + "features:\n  - sessions_so_far\n"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_trainer_is_an_error_at_its_column()
    {
        Assert.Equal(
            "pipelines/x.yaml:9:24: search.trainers: unknown trainer 'fasttree' (did you mean 'fast_tree'?); the trainers are: lbfgs_logistic, sdca_logistic, fast_tree, fast_forest, lightgbm",
            Only(Minimal + "  trainers: [lightgbm, fasttree]\n"));
    }

    [Fact]
    public void Unknown_metric_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: search.metric: unknown value 'roc_auc': expected one of auc, pr_auc, log_loss, brier",
            Only(Minimal + "  metric: roc_auc\n"));
    }

    [Fact]
    public void Misspelt_metric_gets_a_suggestion()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: search.metric: unknown value 'prauc' (did you mean 'pr_auc'?): expected one of auc, pr_auc, log_loss, brier",
            Only(Minimal + "  metric: prauc\n"));
    }

    [Fact]
    public void Unknown_task_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:2: task: unknown value 'drop-out' (did you mean 'dropout'?): expected one of pair-success, dropout",
            Only(DropoutMinimal.Replace("task: dropout", "task: drop-out", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_audit_attribute_in_features_needs_allowing()
    {
        Assert.Equal(
            "pipelines/x.yaml:9:27: feature 'gender' is an audit-only attribute: a model may use it only when allow_audit_features lists it too (and every report then flags it)",
            Only(Minimal + "features: [skill_jaccard, gender]\n"));
    }

    [Fact]
    public void Allowing_something_that_is_not_an_audit_attribute_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:10:24: allow_audit_features: 'department' is not an audit-only attribute; only gender, age_band need allowing",
            Only(Minimal + "features: [skill_jaccard]\nallow_audit_features: [department]\n"));
    }

    [Fact]
    public void Allowing_an_audit_attribute_that_features_all_leaves_out_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9:24: allow_audit_features allows 'age_band' but features: all never includes an audit-only attribute: list it in features to use it, or remove it here",
            Only(Minimal + "allow_audit_features: [age_band]\n"));
    }

    [Fact]
    public void Cutoff_days_must_be_zero_for_pair_success()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: cutoff_days must be 0 for task pair-success, found 30: its features are as of the match date (task dropout predicts from later)",
            Only(Minimal + "cutoff_days: 30\n"));
    }

    [Fact]
    public void Cutoff_days_must_be_positive_for_dropout()
    {
        Assert.Equal(
            "pipelines/x.yaml:6: cutoff_days must be more than 0 for task dropout: features are as of that many days after the match (0 is task pair-success's cut-off)",
            Only(DropoutMinimal.Replace("cutoff_days: 30", "cutoff_days: 0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Cutoff_days_is_required_for_dropout()
    {
        Assert.Equal(
            "pipelines/x.yaml:1: missing required key 'cutoff_days': for task dropout, the days after the match at which to predict (more than 0), e.g. 30",
            Only(DropoutMinimal.Replace("cutoff_days: 30\n", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_label_key_of_the_other_task_says_so()
    {
        Assert.Equal(
            "pipelines/x.yaml:7: unknown key 'no_session_days' in label: it belongs to task dropout; task pair-success takes min_sessions, within_days, min_mentee_satisfaction",
            Only(Minimal.Replace("within_days: 90", "within_days: 90\n  no_session_days: 30", StringComparison.Ordinal)));
        Assert.Equal(
            "pipelines/x.yaml:6: unknown key 'min_sessions' in label: it belongs to task pair-success; task dropout takes no_session_days",
            Only(DropoutMinimal.Replace("no_session_days: 30", "no_session_days: 30\n  min_sessions: 4", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missing_label_key_is_reported_at_the_label_line()
    {
        Assert.Equal(
            "pipelines/x.yaml:4: label is missing the required key 'within_days': the days after matched_at in which those sessions count",
            Only(Minimal.Replace("  within_days: 90\n", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Duplicate_keys_are_each_reported_and_the_rest_is_still_checked()
    {
        IReadOnlyList<PipelineError> errors = Errors(Minimal + "seed: 1\nsplit:\n  folds: 3\n  folds: 1\nseed: 2\n");

        Assert.Equal(
            [
                "pipelines/x.yaml:12: duplicate key 'folds' (first given at line 11); remove one of them",
                "pipelines/x.yaml:13: duplicate key 'seed' (first given at line 9); remove one of them",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_feature_listed_twice_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9:23: features: 'same_site' is listed twice (first at line 9)",
            Only(Minimal + "features: [same_site, same_site]\n"));
    }

    [Fact]
    public void An_empty_features_list_is_an_error()
    {
        Assert.Equal("pipelines/x.yaml:9: features: the list is empty: give 'all' or at least one feature name", Only(Minimal + "features: []\n"));
    }

    [Fact]
    public void Features_must_be_all_or_a_list()
    {
        Assert.Equal("pipelines/x.yaml:9: features: expected 'all' or a list of feature names, found 'everything'", Only(Minimal + "features: everything\n"));
    }

    [Fact]
    public void An_empty_trainers_list_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:9: search.trainers: the list is empty: name at least one of lbfgs_logistic, sdca_logistic, fast_tree, fast_forest, lightgbm",
            Only(Minimal + "  trainers: []\n"));
    }

    [Fact]
    public void Unknown_fairness_attribute_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:10:24: fairness.attributes: unknown attribute 'sites' (did you mean 'site'?); groups can be formed by: gender, age_band, department, site, job_level",
            Only(Minimal + "fairness:\n  attributes: [gender, sites]\n"));
    }

    [Fact]
    public void A_fairness_gate_needs_fairness_attributes()
    {
        Assert.Equal(
            "pipelines/x.yaml:10: gates.max_fairness_gap needs groups to compare, but fairness.attributes is empty",
            Only(Minimal + "gates:\n  max_fairness_gap: 0.1\nfairness:\n  attributes: []\n"));
        Assert.Equal(
            "pipelines/x.yaml:10: gates.max_equalized_odds_difference needs groups to compare, but fairness.attributes is empty",
            Only(Minimal + "gates:\n  max_equalized_odds_difference: 0.1\nfairness:\n  attributes: []\n"));
    }

    [Fact]
    public void Invalid_model_name_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:1: name: 'Pair_Success' is not a model name: use lower-case letters, digits and hyphens, starting with a letter or digit, at most 64 characters (it names the folder models/<name>/)",
            Only(Minimal.Replace("name: m", "name: Pair_Success", StringComparison.Ordinal)));
    }

    [Fact]
    public void Missing_required_keys_are_each_reported_at_line_1()
    {
        IReadOnlyList<PipelineError> errors = Errors("# a comment first\nseed: 3\n");

        Assert.All(errors, e => Assert.Equal(1, e.Line));
        Assert.Equal(
            [
                "missing required key 'name': the registry model name, e.g. pair-success",
                "missing required key 'task': one of pair-success, dropout",
                "missing required key 'data': the directory of the four history tables, e.g. data/sample",
                "missing required key 'label': the label rule of the task",
                "missing required key 'search': the trainers to try and a budget_seconds or a number of trials",
            ],
            errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("# only a comment\n# and another\n")]
    [InlineData("---\n...\n")]
    public void An_empty_file_is_an_error(string yaml)
    {
        Assert.Equal("pipelines/x.yaml:1: the file is empty: a pipeline needs at least name, task, data, label and search", Only(yaml));
    }

    [Fact]
    public void A_list_at_the_top_level_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:1: expected a mapping of keys (name: ..., task: ...) at the top level, found a list",
            Only("- name: m\n- task: dropout\n"));
    }

    [Fact]
    public void Invalid_yaml_syntax_names_line_and_column()
    {
        PipelineError error = Assert.Single(Errors("name: m\ntask: pair-success\ndata: d: e\n"));

        Assert.Equal((3, 8), (error.Line, error.Column));
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("pipelines/x.yaml:3:8: invalid YAML: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_reported_on_its_own_line()
    {
        Assert.Equal(
            "pipelines/x.yaml:5:1: invalid YAML: a tab indents this line; YAML indents with spaces only",
            Only("name: m\ntask: pair-success\ndata: d\nlabel:\n\tmin_sessions: 4\n"));
    }

    [Fact]
    public void Duplicate_keys_on_one_line_give_the_column()
    {
        Assert.Equal(
            "pipelines/x.yaml:7:21: duplicate key 'trials' (first given at line 7); remove one of them",
            Only(Minimal.Replace("search:\n  trials: 10\n", "search: {trials: 1, trials: 2}\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_unclosed_flow_list_is_a_syntax_error_not_a_crash()
    {
        PipelineError error = Assert.Single(Errors(Minimal + "features: [same_site, skill_jaccard\nsplit:\n  folds: 3\n"));

        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line ?? 0, 10, 12);
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        Assert.Equal(
            "pipelines/x.yaml:10: a pipeline file holds one YAML document; this is a second one (after '---')",
            Only(Minimal + "---\nname: other\n"));
    }

    [Fact]
    public void Every_problem_is_collected_in_file_order_and_joined_in_the_message()
    {
        var e = Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(
            "name: m\ntask: pair-success\ndata: d\nsplit:\n  folds: 1\nlabel:\n  min_sessions: 4\n  within_days: 90\nsearch:\n  trials: 0\nfeaures: all\n",
            File));

        Assert.Equal([5, 10, 11], e.Errors.Select(x => x.Line));
        Assert.Equal(
            string.Join(
                Environment.NewLine,
                "3 problems in the pipeline file:",
                "pipelines/x.yaml:5: split.folds: must be at least 2, found 1",
                "pipelines/x.yaml:10: search.trials: must be at least 1, found 0",
                "pipelines/x.yaml:11: unknown key 'feaures' (did you mean 'features'?)"),
            e.Message);
        Assert.All(e.Errors, x => Assert.Equal(File, x.File));
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it_without_a_line()
    {
        string path = Path.Combine(Path.GetTempPath(), "mm-no-such-" + Guid.NewGuid().ToString("N") + ".yaml");

        PipelineError error = Assert.Single(Assert.Throws<PipelineFileException>(() => PipelineFile.Load(path)).Errors);

        Assert.Equal(path, error.File);
        Assert.Null(error.Line);
        Assert.StartsWith($"{path}: cannot read the pipeline file: ", error.ToString(), StringComparison.Ordinal);
    }
}

using MatchModels.Core.Columns;
using MatchModels.Training.Pipelines;

namespace MatchModels.Training.Tests.Pipelines;

/// <summary>The columns: section: what a good one parses to, and one test per kind of bad input, each naming the key path and line.</summary>
public sealed class ColumnsSectionTests
{
    private const string File = "pipelines/x.yaml";

    private const string Declared = """
        columns:
          - name: performance_rating
            type: integer
            optional: true
            features: [mentee, mentor, abs_diff]
          - name: job_family
            type: category
            values: [engineering, sales, finance]
            features: [mentee, same]
          - name: overtime
            type: boolean
            features: [mentee]
          - name: interests
            type: list
            features: [overlap, jaccard, mentee]
          - name: bio
            type: text
            optional: true
            features: [similarity]
          - name: ethnicity
            type: category
            audit_only: true
        fairness:
          attributes: [gender, ethnicity, job_family]

        """;

    private static string Only(string yaml) =>
        Assert.Single(Assert.Throws<PipelineFileException>(() => PipelineFile.Parse(PipelineFileTests.Minimal + yaml, File)).Errors).ToString();

    [Fact]
    public void Declared_columns_parse_in_order_with_their_types_and_features()
    {
        PipelineSpec spec = PipelineFile.Parse(PipelineFileTests.Minimal + Declared, File);

        Assert.Equal(["performance_rating", "job_family", "overtime", "interests", "bio", "ethnicity"], spec.Columns.Select(c => c.Name));
        Assert.Equal(
            new DeclaredColumn("performance_rating", DeclaredColumnType.Integer, true, null, false, [ColumnTransform.Mentee, ColumnTransform.Mentor, ColumnTransform.AbsDiff]),
            spec.Columns[0]);
        Assert.Equal(["engineering", "sales", "finance"], spec.Columns[1].Values!);
        Assert.True(spec.Columns[5].AuditOnly);
        Assert.Empty(spec.Columns[5].Features);
        Assert.Equal(["gender", "ethnicity", "job_family"], spec.Fairness.Attributes);
        Assert.True(spec.IsAuditAttribute("ethnicity"));
        Assert.False(spec.IsAuditAttribute("job_family"));
    }

    [Fact]
    public void Resolved_yaml_with_columns_reads_back_to_an_equal_spec_and_changes_the_digest()
    {
        PipelineSpec spec = PipelineFile.Parse(PipelineFileTests.Minimal + Declared, File);

        PipelineSpec again = PipelineFile.Parse(spec.ToYaml(), "resolved.yaml");

        Assert.Equal(spec, again);
        Assert.Equal(spec.ToYaml(), again.ToYaml());
        Assert.NotEqual(PipelineFile.Parse(PipelineFileTests.Minimal, File).Digest, spec.Digest);
        Assert.DoesNotContain("columns:", PipelineFile.Parse(PipelineFileTests.Minimal, File).ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_a_column_is_named_with_its_path()
    {
        Assert.Equal(
            "pipelines/x.yaml:12: unknown key 'optinal' in columns[0] (did you mean 'optional'?)",
            Only("columns:\n  - name: a\n    type: numeric\n    optinal: true\n    features: [mentee]\n"));
    }

    [Fact]
    public void A_transform_that_does_not_fit_the_type_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:12:24: columns[0].features: 'jaccard' does not fit a numeric column, which takes mentee, mentor, abs_diff, diff, ratio",
            Only("columns:\n  - name: a\n    type: numeric\n    features: [mentee, jaccard]\n"));
    }

    [Fact]
    public void An_unknown_transform_suggests_the_nearest()
    {
        Assert.Contains("columns[0].features: unknown feature 'abs_dif' (did you mean 'abs_diff'?)", Only("columns:\n  - name: a\n    type: numeric\n    features: [abs_dif]\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:11: columns[0].type: unknown value 'float': expected one of numeric, integer, boolean, category, list, text",
            Only("columns:\n  - name: a\n    type: float\n    features: [mentee]\n"));
    }

    [Fact]
    public void A_name_of_the_participants_schema_is_refused()
    {
        Assert.Contains(
            "pipelines/x.yaml:10: columns[0].name: 'job_level' is a column of the participants schema",
            Only("columns:\n  - name: job_level\n    type: integer\n    features: [mentee]\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_declared_twice_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:13: columns[1].name: 'a' is declared twice (first at line 10)",
            Only("columns:\n  - name: a\n    type: numeric\n    features: [mentee]\n  - name: a\n    type: numeric\n    features: [mentor]\n"));
    }

    [Fact]
    public void Two_columns_making_one_feature_name_are_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:13: columns[1].name: column 'a' makes the feature 'custom_mentee_a_count', which column 'a_count' makes too: rename one of them",
            Only("columns:\n  - name: a_count\n    type: numeric\n    features: [mentee]\n  - name: a\n    type: list\n    features: [mentee]\n"));
    }

    [Fact]
    public void Values_on_a_column_that_is_not_a_category_are_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:12: columns[0].values: only a category takes values, and this column is numeric",
            Only("columns:\n  - name: a\n    type: numeric\n    values: [x]\n    features: [mentee]\n"));
    }

    [Fact]
    public void A_category_value_listed_twice_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:12:17: columns[0].values: 'x' is listed twice",
            Only("columns:\n  - name: a\n    type: category\n    values: [x, x]\n    features: [mentee]\n"));
    }

    [Fact]
    public void A_column_without_features_must_be_audit_only()
    {
        Assert.Contains("columns[0].features: name at least one feature the column becomes (mentee, mentor, same), or mark it audit_only: true",
            Only("columns:\n  - name: a\n    type: boolean\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_only_column_with_features_is_refused()
    {
        Assert.Equal(
            "pipelines/x.yaml:13: columns[0].features: an audit_only column is never a feature: remove features, or audit_only",
            Only("columns:\n  - name: a\n    type: category\n    audit_only: true\n    features: [mentee]\n"));
    }

    [Fact]
    public void A_bad_column_name_is_refused()
    {
        Assert.Contains("columns[0].name: 'Job Family' is not a column name", Only("columns:\n  - name: Job Family\n    type: category\n    features: [mentee]\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_type_is_refused()
    {
        Assert.Equal("pipelines/x.yaml:10: columns[0] is missing the required key 'type': one of numeric, integer, boolean, category, list, text",
            Only("columns:\n  - name: a\n    features: [mentee]\n"));
    }

    [Fact]
    public void Columns_that_are_not_a_list_are_refused()
    {
        Assert.Equal("pipelines/x.yaml:9: columns: expected a list of columns ('- name: …' per column), found a mapping", Only("columns:\n  name: a\n"));
    }

    [Fact]
    public void A_numeric_column_cannot_form_fairness_groups()
    {
        Assert.Equal(
            "pipelines/x.yaml:14:16: fairness.attributes: 'a' is a declared numeric column: groups are formed by a category or a boolean column",
            Only("columns:\n  - name: a\n    type: numeric\n    features: [mentee]\nfairness:\n  attributes: [a]\n"));
    }

    [Fact]
    public void The_readme_lists_the_transforms_each_type_takes()
    {
        string readme = System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "pipelines", "README.md"));

        foreach (DeclaredColumnType type in Enum.GetValues<DeclaredColumnType>())
        {
            string name = DeclaredColumnNames.Of(type);
            string[] cells = readme.Split('\n').Select(Cells).Single(c => c.Length == 5 && c[1].Contains($"`{name}`", StringComparison.Ordinal));
            string[] documented = [.. cells[2].Split(',').Select(t => t.Trim().Trim('`'))];
            Assert.Equal(DeclaredColumn.TransformsOf(type).Select(DeclaredColumnNames.Of), documented);
        }
    }

    // A table row's cells; a pipe escaped as \| stays inside its cell.
    private static string[] Cells(string line) => line.StartsWith('|') ? System.Text.RegularExpressions.Regex.Split(line, @"(?<!\\)\|") : [];
}

using MatchModels.Core.Import;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Import;

public sealed class ApplyTableMappingTests
{
    private const string Yaml = """
        timezone: Europe/Paris
        tables:
          participants:
            file: people.csv
            columns:
              participant_id: ID
              programme_id: { constant: p1 }
              cohort_id: { constant: c1 }
              role: { from: Role, values: { Mentee: mentee, Mentor: mentor } }
              joined_at: { from: Start, formats: [dd/MM/yyyy] }
              department: Dept
              site: { constant: Paris }
              timezone_offset_h: { constant: 1 }
              job_level: { from: Grade, values: { Analyst: 2, Sr. Manager: 7 } }
              tenure_years: { constant: 1 }
              languages: { from: Languages, values: { French: fr, English: en } }
              skills: { constant: "" }
              goals_text: { constant: "" }
              availability_h_per_month: { constant: 4 }
              mentor_capacity: { from: Capacity, empty: 0 }
          pairs: { file: a.csv, columns: { pair_id: a, programme_id: a, cohort_id: a, mentee_id: a, mentor_id: a, matched_at: a, match_source: a, accepted: a } }
          sessions: { file: a.csv, columns: { pair_id: a, held_at: a, duration_min: a } }
          outcomes: { file: a.csv, columns: { pair_id: a, surveyed_at: a, goals_set: a, goals_achieved: a } }
        """;

    private static RawTable People(params string?[][] rows)
    {
        string[] names = ["ID", "Role", "Start", "Dept", "Grade", "Languages", "Capacity", "Badge"];
        return new RawTable("people.csv", rows.Length, [.. names.Select((n, c) => new RawColumn(n, rows.Select(r => r[c]).ToArray(), "string"))]);
    }

    [Fact]
    public void Maps_values_dates_list_items_and_empties_into_the_history_text_the_decoder_reads()
    {
        TableMapping mapping = ReadImportMapping.Parse(Yaml, "map.yaml").Tables[0];
        RawTable raw = People(
            ["E1", "Mentor", "06/01/2025", "Legal", "Sr. Manager", "French;English", "3", "b-1"],
            ["E2", "Mentee", "13/01/2025", "Sales", "Analyst", "English", null, null]);
        var problems = new ProblemList();

        ApplyTableMapping.Result r = ApplyTableMapping.Apply(mapping, raw, problems);
        Table t = TableDecoder.Decode(mapping.Schema, r.Table, problems);

        Assert.False(problems.Any, string.Join("\n", problems.Kept));
        Assert.Equal([7L, 2L], t["job_level"].Integers!);
        Assert.Equal(new string?[] { "mentor", "mentee" }, t["role"].Strings!);
        Assert.Equal(new DateTime(2025, 1, 5, 23, 0, 0, DateTimeKind.Utc), t["joined_at"].Times![0]);
        Assert.Equal(["fr", "en"], t["languages"].Lists![0]!);
        Assert.Equal([3L, 0L], t["mentor_capacity"].Integers!);
        Assert.Equal(new string?[] { "p1", "p1" }, t["programme_id"].Strings!);
        UnusedColumn badge = Assert.Single(r.Unused);
        Assert.Equal(("Badge", 1), (badge.Column, badge.NonEmpty));
    }

    [Fact]
    public void Counts_each_unmapped_value_with_its_first_rows_and_refuses_its_cells()
    {
        TableMapping mapping = ReadImportMapping.Parse(Yaml, "map.yaml").Tables[0];
        string?[][] rows = [.. Enumerable.Range(1, 7).Select(i => new string?[] { $"E{i}", "Mentee", "13/01/2025", "Sales", i % 2 == 0 ? "Principal" : "Analyst", "English", null, null })];
        var problems = new ProblemList();

        ApplyTableMapping.Result r = ApplyTableMapping.Apply(mapping, People(rows), problems);

        UnmappedValue u = Assert.Single(r.Unmapped);
        Assert.Equal(("Grade", "job_level", "Principal", 3), (u.Column, u.Target, u.Value, u.Count));
        Assert.Equal([2L, 4L, 6L], u.FirstRows);
        Assert.Equal([(2L, "job_level"), (4L, "job_level"), (6L, "job_level")], r.Refused.Order());
    }

    [Fact]
    public void An_unmapped_list_item_is_reported_and_a_date_that_does_not_parse_names_its_row_and_column()
    {
        TableMapping mapping = ReadImportMapping.Parse(Yaml, "map.yaml").Tables[0];
        var problems = new ProblemList();

        ApplyTableMapping.Result r = ApplyTableMapping.Apply(mapping, People(
            ["E1", "Mentee", "13/01/2025", "Sales", "Analyst", "English;German", null, null],
            ["E2", "Mentee", "2025-01-13", "Sales", "Analyst", "English", null, null]), problems);

        Assert.Equal(("Languages", "German", 1), (r.Unmapped.Single().Column, r.Unmapped.Single().Value, r.Unmapped.Single().Count));
        ValidationProblem p = Assert.Single(problems.Kept);
        Assert.Equal(("people.csv", 2L, "Start → joined_at"), (p.File, p.Row, p.Column));
        Assert.Equal("a date in the format dd/MM/yyyy (Europe/Paris)", p.Expected);
    }
}

using MatchModels.Core.Import;

namespace MatchModels.Core.Tests.Import;

public sealed class ReadImportMappingTests
{
    private const string Minimal = """
        tables:
          participants:
            file: people.csv
            columns:
              participant_id: ID
              programme_id: { constant: p1 }
              cohort_id: { constant: c1 }
              role: { from: Role, values: { Mentee: mentee, Mentor: mentor } }
              joined_at: { from: Start, formats: [dd/MM/yyyy, yyyy-MM-dd HH:mm], timezone: Europe/Paris }
              department: Dept
              site: { constant: Paris }
              timezone_offset_h: { constant: 1 }
              job_level: { from: Grade, values: { Analyst: 2, Sr. Manager: 7 } }
              tenure_years: { constant: 1 }
              languages: { from: Languages, split: "," }
              skills: Skills
              goals_text: { constant: "" }
              availability_h_per_month: { constant: 4 }
              mentor_capacity: { from: Capacity, empty: 0 }
          pairs:
            file: pairs.csv
            columns:
              pair_id: ID
              programme_id: { constant: p1 }
              cohort_id: { constant: c1 }
              mentee_id: Mentee
              mentor_id: Mentor
              matched_at: Matched
              match_source: { constant: manual }
              accepted: { from: Accepted, values: { Oui: true, Non: false } }
          sessions:
            file: sessions.csv
            columns: { pair_id: ID, held_at: At, duration_min: Minutes }
          outcomes:
            file: outcomes.csv
            columns: { pair_id: ID, surveyed_at: At, goals_set: Set, goals_achieved: Met }
        """;

    [Fact]
    public void Reads_renames_value_maps_dates_lists_empties_and_constants()
    {
        ImportMapping m = ReadImportMapping.Parse(Minimal, "map.yaml");

        TableMapping people = m.Tables[0];
        Assert.Equal(("participants", "people.csv"), (people.Schema.Name, people.SourceFile));
        ColumnMapping level = people.Columns.Single(c => c.Target.Name == "job_level");
        Assert.Equal(("Grade", "7"), (level.Source, level.Values!["Sr. Manager"]));
        ColumnMapping joined = people.Columns.Single(c => c.Target.Name == "joined_at");
        Assert.Equal(["dd/MM/yyyy", "yyyy-MM-dd HH:mm"], joined.DateFormats!);
        Assert.Equal("Europe/Paris", joined.TimeZone!.Id);
        Assert.Equal(",", people.Columns.Single(c => c.Target.Name == "languages").Split);
        Assert.Equal(";", people.Columns.Single(c => c.Target.Name == "skills").Split); // the history's own separator by default
        Assert.Equal("0", people.Columns.Single(c => c.Target.Name == "mentor_capacity").Empty);
        Assert.Equal(("p1", null), (people.Columns.Single(c => c.Target.Name == "programme_id").Constant, people.Columns.Single(c => c.Target.Name == "programme_id").Source));
        Assert.Equal("true", m.Tables[1].Columns.Single(c => c.Target.Name == "accepted").Values!["Oui"]);
        Assert.Equal(["participants", "pairs", "sessions", "outcomes"], m.Tables.Select(t => t.Schema.Name));
    }

    [Fact]
    public void An_unknown_key_is_refused_with_its_path_line_and_the_key_it_likely_meant()
    {
        string yaml = Minimal.Replace("split: \",\"", "splt: \",\"", StringComparison.Ordinal);

        var e = Assert.Throws<ImportMappingException>(() => ReadImportMapping.Parse(yaml, "map.yaml"));

        MappingError error = Assert.Single(e.Errors);
        Assert.Equal(15, error.Line);
        Assert.StartsWith("unknown key 'tables.participants.columns.languages.splt' (did you mean 'split'?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_column_the_schema_does_not_have_is_an_unknown_key()
    {
        // cohort_id, since department is optional (ADR 0022): a misspelt optional column is only the unknown key.
        string yaml = Minimal.Replace("      cohort_id: { constant: c1 }\n      role:", "      cohortid: { constant: c1 }\n      role:", StringComparison.Ordinal);

        var e = Assert.Throws<ImportMappingException>(() => ReadImportMapping.Parse(yaml, "map.yaml"));

        Assert.Contains(e.Errors, x => x.Message.StartsWith("unknown key 'tables.participants.columns.cohortid' (did you mean 'cohort_id'?)", StringComparison.Ordinal));
        // ...and the required column it was meant for is then missing: no value is invented for it.
        Assert.Contains(e.Errors, x => x.Message.Contains("no mapping for the required column 'cohort_id'", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_YAML_names_its_line()
    {
        var e = Assert.Throws<ImportMappingException>(() => ReadImportMapping.Parse("tables:\n  participants:\n    file: a.csv\n   columns: x\n", "map.yaml"));

        MappingError error = Assert.Single(e.Errors);
        Assert.NotNull(error.Line);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("role: { from: Role, values: { Mentee: mentees, Mentor: mentor } }", "'mentees' is not a value of role: expected one of mentee|mentor")]
    [InlineData("role: { from: Role, constant: mentee }", "state exactly one of 'from' (an export column) and 'constant'")]
    [InlineData("role: { from: Role, formats: [dd/MM/yyyy] }", "'formats' and 'timezone' apply to date-time columns")]
    [InlineData("role: { from: Role, split: \";\" }", "only a list column is split")]
    [InlineData("role: { from: Role, timezone: Mars/Olympus }", "unknown time zone 'Mars/Olympus'")]
    [InlineData("role: { from: Role, values: [mentee] }", "expected a mapping of export values to history values")]
    public void A_column_mapping_that_cannot_apply_is_refused_with_its_path(string line, string message)
    {
        string yaml = Minimal.Replace("      role: { from: Role, values: { Mentee: mentee, Mentor: mentor } }", "      " + line, StringComparison.Ordinal);

        var e = Assert.Throws<ImportMappingException>(() => ReadImportMapping.Parse(yaml, "map.yaml"));

        Assert.Contains(e.Errors, x => x.Line == 8 && x.Message.Contains("tables.participants.columns.role", StringComparison.Ordinal) && x.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_history_table_needs_its_export_file()
    {
        string yaml = Minimal[..Minimal.IndexOf("  outcomes:", StringComparison.Ordinal)];

        var e = Assert.Throws<ImportMappingException>(() => ReadImportMapping.Parse(yaml, "map.yaml"));

        Assert.Contains("tables: missing 'outcomes'", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_example_mapping_reads()
    {
        ImportMapping m = ReadImportMapping.FromFile(Path.Combine(RepoPaths.Root, "data", "import-example", "mapping.yaml"));

        Assert.Equal(4, m.Tables.Count);
        Assert.Equal("7", m.Tables[0].Columns.Single(c => c.Target.Name == "job_level").Values!["Sr. Manager"]);
    }
}

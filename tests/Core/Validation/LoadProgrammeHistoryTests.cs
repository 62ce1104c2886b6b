using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Validation;

public sealed class LoadProgrammeHistoryTests
{
    // Each fixture is a copy of valid/ with exactly one defect; the row is the 1-based data row (header not counted).
    [Theory]
    [InlineData("missing-column", ProblemKind.MissingColumn, "participants.csv", null, "cohort_id", "a column 'cohort_id'", "columns [participant_id")]
    [InlineData("wrong-type", ProblemKind.WrongType, "participants.csv", 3, "tenure_years", "number", "\"six\"")]
    [InlineData("out-of-range", ProblemKind.OutOfRange, "participants.csv", 2, "job_level", "1 to 10", "11")]
    [InlineData("unknown-enum", ProblemKind.UnknownEnumValue, "pairs.csv", 3, "match_source", "manual|algorithm|self_selected", "\"random\"")]
    [InlineData("missing-value", ProblemKind.MissingValue, "participants.csv", 5, "programme_id", "string", "an empty value")]
    [InlineData("duplicate-key", ProblemKind.DuplicateKey, "participants.csv", 7, "participant_id", "a unique participant_id", "\"p06\"")]
    [InlineData("dangling-pair-mentor", ProblemKind.DanglingReference, "pairs.csv", 4, "mentor_id", "a participant_id of participants", "\"p09\"")]
    [InlineData("dangling-session-pair", ProblemKind.DanglingReference, "sessions.csv", 6, "pair_id", "a pair_id of pairs", "\"r09\"")]
    [InlineData("wrong-role", ProblemKind.WrongRole, "pairs.csv", 4, "mentor_id", "role is mentor", "\"p05\" with role mentee")]
    [InlineData("session-before-match", ProblemKind.TimeOrder, "sessions.csv", 4, "held_at", "matched_at 2024-02-01T10:00:00Z", "2024-01-31T14:00:00Z")]
    [InlineData("ended-before-matched", ProblemKind.TimeOrder, "pairs.csv", 3, "ended_at", "matched_at 2024-02-02T09:00:00Z", "2024-01-30T12:00:00Z")]
    [InlineData("mentor-over-capacity", ProblemKind.OverCapacity, "pairs.csv", 2, "mentor_id", "at most 1 accepted pair(s) running at once for mentor \"p01\"", "2 running at 2024-02-01T10:00:00Z")]
    [InlineData("ragged-row", ProblemKind.RaggedRow, "sessions.csv", 3, null, "5 fields (line 4)", "6 fields")]
    [InlineData("empty-file", ProblemKind.EmptyFile, "outcomes.csv", null, null, "a header line", "an empty file")]
    [InlineData("missing-table", ProblemKind.MissingTable, "missing-table/sessions", null, null, "sessions.parquet or sessions.csv", "no such file")]
    [InlineData("not-a-table-file", ProblemKind.UnreadableFile, "participants.parquet", null, null, "a Parquet file", "other content")]
    [InlineData("end-reason-without-end", ProblemKind.Inconsistent, "pairs.csv", 2, "end_reason", "end_reason set exactly when ended_at is set", "end_reason without ended_at")]
    [InlineData("goals-achieved-over-set", ProblemKind.Inconsistent, "outcomes.csv", 2, "goals_achieved", "at most goals_set (2)", "3")]
    [InlineData("two-files-for-one-table", ProblemKind.Inconsistent, "pairs.csv", null, null, "one file for table 'pairs'", "pairs.csv and pairs.parquet")]
    public async Task Reports_exactly_the_defect_of_each_fixture(
        string fixture, ProblemKind kind, string file, int? row, string? column, string expected, string found)
    {
        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture(fixture));

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(file, problem.File.Replace('\\', '/'));
        Assert.Equal(row, problem.Row);
        Assert.Equal(column, problem.Column);
        Assert.Contains(expected, problem.Expected, StringComparison.Ordinal);
        Assert.Contains(found, problem.Found, StringComparison.Ordinal);
        Assert.Equal(1, result.ProblemCount);
        Assert.Null(result.History);
        Assert.False(result.Ok);
    }

    [Fact]
    public void Every_fixture_directory_is_checked_and_every_problem_kind_has_one()
    {
        var inTheory = typeof(LoadProgrammeHistoryTests)
            .GetMethod(nameof(Reports_exactly_the_defect_of_each_fixture))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => a.GetData(null!).Single())
            .ToList();
        var onDisk = Directory.GetDirectories(RepoPaths.Fixture(string.Empty))
            .Select(Path.GetFileName)
            .Where(d => d != "valid")
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, inTheory.Select(d => (string)d[0]).Order(StringComparer.Ordinal));

        // A missing directory cannot be a fixture directory; it has its own tests below.
        var kinds = inTheory.Select(d => (ProblemKind)d[1]).Append(ProblemKind.MissingDirectory).ToHashSet();
        Assert.Equal(Enum.GetValues<ProblemKind>().ToHashSet(), kinds);
    }

    [Fact]
    public async Task Loads_the_valid_fixture_with_no_problems()
    {
        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"));

        Assert.Empty(result.Problems);
        Assert.Equal(0, result.ProblemCount);
        ProgrammeHistory h = Assert.IsType<ProgrammeHistory>(result.History);
        Assert.Equal((6, 4, 6, 2), (h.Participants.Count, h.Pairs.Count, h.Sessions.Count, h.Outcomes.Count));
        Assert.Equal(["participants", "pairs", "sessions", "outcomes"], result.Files.Select(f => f.Table));
        Assert.All(result.Files, f => Assert.Equal(TableFormat.Csv, f.Format));
        Assert.Equal([6, 4, 6, 2], result.Files.Select(f => f.Rows));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Finds_a_duplicate_session_whether_it_sits_apart_or_next_to_its_twin(bool atTheEnd)
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        var lines = (await File.ReadAllLinesAsync(dir["sessions.csv"])).ToList();
        if (atTheEnd)
        {
            lines.Add(lines[1]);
        }
        else
        {
            lines.Insert(2, lines[1]);
        }

        await File.WriteAllLinesAsync(dir["sessions.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.DuplicateKey, "sessions.csv", atTheEnd ? lines.Count - 1 : 2L), (problem.Kind, problem.File, problem.Row!.Value));
    }

    [Fact]
    public async Task Finds_table_files_whatever_the_case_of_their_names()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        File.Move(dir["participants.csv"], dir["Participants.CSV"]);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        Assert.Equal(TableFormat.Csv, result.Files[0].Format);
    }

    [Fact]
    public async Task Decodes_the_values_of_the_valid_fixture()
    {
        ProgrammeHistory h = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!;

        Participant p01 = h.Participants[0];
        Assert.Equal(Role.Mentor, p01.Role);
        Assert.Equal(new DateTime(2024, 1, 10, 8, 30, 0, DateTimeKind.Utc), p01.JoinedAt); // written as 09:30+01:00
        Assert.Equal(DateTimeKind.Utc, p01.JoinedAt.Kind);
        Assert.Equal(["fr", "en"], p01.Languages);
        Assert.Equal(["architecture", "leadership"], p01.Skills);
        Assert.Equal("Partager mon expérience d'architecte", p01.GoalsText);
        Assert.Equal(((double?)1.0, (int?)6, (double?)8.5, (double?)6.0, (int?)2), (p01.TimezoneOffsetH, p01.JobLevel, p01.TenureYears, p01.AvailabilityHPerMonth, p01.MentorCapacity));
        Assert.Null(p01.ManagerId);
        Assert.Equal(("female", "35_44"), (p01.Gender, p01.AgeBand));

        Participant p04 = h.Participants[3];
        Assert.Equal("Améliorer ma prise de parole, et oser dire \"non\" à l'équipe", p04.GoalsText);
        Assert.Equal("p02", p04.ManagerId);
        Assert.Equal(Role.Mentee, p04.Role);
        Assert.Equal(["kubernetes", "code review"], h.Participants[4].Skills);
        Assert.Equal((null, null), (h.Participants[5].Gender, h.Participants[5].AgeBand));

        Pair running = h.Pairs[1];
        Assert.Equal(("r02", MatchSource.Algorithm, true), (running.PairId, running.MatchSource, running.Accepted));
        Assert.Null(running.EndedAt);
        Assert.Null(running.EndReason);
        Pair declined = h.Pairs[2];
        Assert.False(declined.Accepted);
        Assert.Equal(EndReason.Rematched, declined.EndReason);
        Assert.Equal(new DateTime(2024, 2, 5, 12, 0, 0, DateTimeKind.Utc), declined.EndedAt);
        Assert.Equal(DateTimeKind.Utc, declined.EndedAt!.Value.Kind);
        Assert.Equal((MatchSource.SelfSelected, EndReason.MenteeDropped), (h.Pairs[3].MatchSource, h.Pairs[3].EndReason));

        Assert.Equal(new Session("r01", new DateTime(2024, 3, 7, 10, 0, 0, DateTimeKind.Utc), 45.5, 5, null), h.Sessions[1]);
        Assert.Equal(new Session("r01", new DateTime(2024, 4, 4, 10, 0, 0, DateTimeKind.Utc), 60, null, 4), h.Sessions[2]);
        Assert.Equal(new Outcome("r04", new DateTime(2024, 5, 20, 9, 0, 0, DateTimeKind.Utc), 2, null, 2, 0), h.Outcomes[1]);
    }

    [Fact]
    public async Task Loads_a_history_with_only_the_required_participant_columns_and_no_outcomes_file()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        KeepColumns(dir["participants.csv"], "participant_id", "programme_id", "cohort_id", "role", "joined_at");
        File.Delete(dir["outcomes.csv"]);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        ProgrammeHistory h = result.History!;
        Assert.Empty(h.Outcomes);
        Assert.Equal(["participants", "pairs", "sessions"], result.Files.Select(f => f.Table));
        Participant p01 = h.Participants[0];
        Assert.Equal(("p01", Role.Mentor), (p01.ParticipantId, p01.Role));
        Assert.All(h.Participants, p => Assert.DoesNotContain(ProfileFields.All, f => ProfileFields.Has(p, f)));
        Assert.Null(p01.Skills);
    }

    [Fact]
    public async Task Reads_an_empty_optional_cell_as_missing_but_an_empty_skills_cell_as_an_empty_list()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        string[] lines = await File.ReadAllLinesAsync(dir["participants.csv"]);
        // p05: department, job_level, languages, skills and mentor_capacity left empty.
        lines[5] = "p05,prog-2024,c1,mentee,2024-01-12T08:00:00Z,,Paris,1,,1.5,,,,Grow into a tech lead role,4,,male,under_25";
        await File.WriteAllLinesAsync(dir["participants.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        Participant p05 = result.History!.Participants[4];
        Assert.Null(p05.Department);
        Assert.Null(p05.JobLevel);
        Assert.Null(p05.Languages);
        Assert.Null(p05.MentorCapacity);
        Assert.Equal([], p05.Skills);
        Assert.Equal("Paris", p05.Site);
    }

    [Fact]
    public async Task Loads_outcomes_without_the_goals_columns()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        KeepColumns(dir["outcomes.csv"], "pair_id", "surveyed_at", "mentee_satisfaction");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        Assert.All(result.History!.Outcomes, o => Assert.Equal(((int?)null, (int?)null), (o.GoalsSet, o.GoalsAchieved)));
    }

    /// <summary>Rewrites a fixture CSV with only the named columns (the fixtures quote no field that holds a comma they keep).</summary>
    private static void KeepColumns(string path, params string[] keep)
    {
        var rows = File.ReadAllLines(path).Select(ParseCsvLine).ToList();
        int[] at = [.. keep.Select(k => Array.IndexOf(rows[0], k))];
        Assert.DoesNotContain(-1, at);
        File.WriteAllLines(path, rows.Select(r => string.Join(',', at.Select(i => r[i]))));
    }

    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    [Fact]
    public async Task Reports_a_missing_directory()
    {
        string path = Path.Combine(Path.GetTempPath(), "mm-does-not-exist-" + Guid.NewGuid().ToString("N"));

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.MissingDirectory, path, "nothing at that path"), (problem.Kind, problem.File, problem.Found));
        Assert.Null(result.History);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task Reports_a_file_given_as_the_directory()
    {
        string path = Path.Combine(RepoPaths.Fixture("valid"), "participants.csv");

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(path);

        ValidationProblem problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemKind.MissingDirectory, path, "a file, not a directory"), (problem.Kind, problem.File, problem.Found));
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Keeps_the_first_problems_but_counts_them_all()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        const int BadRows = ProblemList.MaxKept + 500;
        var lines = new List<string> { "pair_id,held_at,duration_min,mentee_rating,mentor_rating" };
        lines.AddRange(Enumerable.Range(0, BadRows).Select(i => $"r01,2024-03-01T10:{i / 60 % 60:00}:{i % 60:00}Z,long,4,5"));
        await File.WriteAllLinesAsync(dir["sessions.csv"], lines);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Equal(BadRows, result.ProblemCount);
        Assert.Equal(ProblemList.MaxKept, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal((ProblemKind.WrongType, "duration_min"), (p.Kind, p.Column)));
        Assert.Equal(Enumerable.Range(1, ProblemList.MaxKept).Select(i => (long?)i), result.Problems.Select(p => p.Row));
        Assert.Null(result.History);
    }

    [Fact]
    public async Task Numbers_rows_after_a_ragged_row_as_in_the_file()
    {
        using TempDir dir = TempDir.CopyOf(RepoPaths.Fixture("valid"));
        await File.WriteAllTextAsync(dir["sessions.csv"], """
            pair_id,held_at,duration_min,mentee_rating,mentor_rating
            r01,2024-02-08T10:00:00Z,60,4,5
            r01,2024-03-07T10:00:00Z,45,5
            r01,2024-04-04T10:00:00Z,60,,4
            r02,2024-02-15T14:00:00Z,half an hour,3,4

            """);

        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Collection(
            result.Problems,
            p => Assert.Equal((ProblemKind.RaggedRow, 2L, (string?)null), (p.Kind, p.Row!.Value, p.Column)),
            p => Assert.Equal((ProblemKind.WrongType, 4L, "duration_min"), (p.Kind, p.Row!.Value, p.Column)));
    }

    [Fact]
    public async Task Gives_a_history_only_when_there_is_no_problem_at_all()
    {
        foreach (string dir in Directory.GetDirectories(RepoPaths.Fixture(string.Empty)))
        {
            HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir);

            bool valid = Path.GetFileName(dir) == "valid";
            Assert.Equal(valid, result.History is not null);
            Assert.Equal(valid, result.Ok);
            Assert.Equal(valid, result.ProblemCount == 0);
        }
    }

    [Fact]
    public async Task Gives_no_history_when_only_a_check_across_tables_fails()
    {
        // Every table of this fixture decodes cleanly; only the capacity check over pairs and participants fails.
        HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("mentor-over-capacity"));

        Assert.Equal(["participants", "pairs", "sessions", "outcomes"], result.Files.Select(f => f.Table));
        Assert.Equal(ProblemKind.OverCapacity, Assert.Single(result.Problems).Kind);
        Assert.Null(result.History);
    }
}

using System.Globalization;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;

namespace MatchModels.Core.History;

/// <summary>
/// The one mapping between the four tables and the history records, both ways. Reading assumes the
/// table already passed <see cref="TableDecoder"/> without problems.
/// </summary>
public static class HistoryTables
{
    public static IReadOnlyList<Participant> ReadParticipants(Table t)
    {
        string?[] id = t["participant_id"].Strings!, programme = t["programme_id"].Strings!, cohort = t["cohort_id"].Strings!;
        string?[] role = t["role"].Strings!, dept = t["department"].Strings!, site = t["site"].Strings!, manager = t["manager_id"].Strings!;
        string?[] goals = t["goals_text"].Strings!, gender = t["gender"].Strings!, age = t["age_band"].Strings!;
        DateTime?[] joined = t["joined_at"].Times!;
        double?[] tz = t["timezone_offset_h"].Numbers!, tenure = t["tenure_years"].Numbers!, avail = t["availability_h_per_month"].Numbers!;
        long?[] level = t["job_level"].Integers!, capacity = t["mentor_capacity"].Integers!;
        string[]?[] langs = t["languages"].Lists!, skills = t["skills"].Lists!;
        var rows = new Participant[t.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Participant(
                id[i]!, programme[i]!, cohort[i]!, EnumNames.ParseRole(role[i]!), joined[i]!.Value, dept[i], site[i],
                tz[i], (int?)level[i], tenure[i], manager[i], langs[i], skills[i], goals[i],
                avail[i], (int?)capacity[i], gender[i], age[i]);
        }

        return rows;
    }

    public static IReadOnlyList<Pair> ReadPairs(Table t)
    {
        string?[] id = t["pair_id"].Strings!, programme = t["programme_id"].Strings!, cohort = t["cohort_id"].Strings!;
        string?[] mentee = t["mentee_id"].Strings!, mentor = t["mentor_id"].Strings!, source = t["match_source"].Strings!, reason = t["end_reason"].Strings!;
        DateTime?[] matched = t["matched_at"].Times!, ended = t["ended_at"].Times!;
        bool?[] accepted = t["accepted"].Booleans!;
        var rows = new Pair[t.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Pair(
                id[i]!, programme[i]!, cohort[i]!, mentee[i]!, mentor[i]!, matched[i]!.Value, EnumNames.ParseMatchSource(source[i]!),
                accepted[i]!.Value, ended[i], reason[i] is { } r ? EnumNames.ParseEndReason(r) : null);
        }

        return rows;
    }

    public static IReadOnlyList<Session> ReadSessions(Table t)
    {
        string?[] id = t["pair_id"].Strings!;
        DateTime?[] held = t["held_at"].Times!;
        double?[] duration = t["duration_min"].Numbers!;
        long?[] menteeRating = t["mentee_rating"].Integers!, mentorRating = t["mentor_rating"].Integers!;
        var rows = new Session[t.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Session(id[i]!, held[i]!.Value, duration[i]!.Value, (int?)menteeRating[i], (int?)mentorRating[i]);
        }

        return rows;
    }

    public static IReadOnlyList<Outcome> ReadOutcomes(Table t)
    {
        string?[] id = t["pair_id"].Strings!;
        DateTime?[] surveyed = t["surveyed_at"].Times!;
        long?[] menteeSat = t["mentee_satisfaction"].Integers!, mentorSat = t["mentor_satisfaction"].Integers!;
        long?[] set = t["goals_set"].Integers!, achieved = t["goals_achieved"].Integers!;
        var rows = new Outcome[t.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Outcome(id[i]!, surveyed[i]!.Value, (int?)menteeSat[i], (int?)mentorSat[i], (int?)set[i], (int?)achieved[i]);
        }

        return rows;
    }

    public static Table ToTable(IReadOnlyList<Participant> rows) => Build(HistorySchemas.Participants, rows.Count,
    [
        TableColumn.From("participant_id", rows.Select(r => (string?)r.ParticipantId).ToArray()),
        TableColumn.From("programme_id", rows.Select(r => (string?)r.ProgrammeId).ToArray()),
        TableColumn.From("cohort_id", rows.Select(r => (string?)r.CohortId).ToArray()),
        TableColumn.From("role", rows.Select(r => (string?)EnumNames.Of(r.Role)).ToArray()),
        TableColumn.From("joined_at", rows.Select(r => (DateTime?)r.JoinedAt).ToArray()),
        TableColumn.From("department", rows.Select(r => r.Department).ToArray()),
        TableColumn.From("site", rows.Select(r => r.Site).ToArray()),
        TableColumn.From("timezone_offset_h", rows.Select(r => r.TimezoneOffsetH).ToArray()),
        TableColumn.From("job_level", rows.Select(r => (long?)r.JobLevel).ToArray()),
        TableColumn.From("tenure_years", rows.Select(r => r.TenureYears).ToArray()),
        TableColumn.From("manager_id", rows.Select(r => r.ManagerId).ToArray()),
        TableColumn.From("languages", rows.Select(r => r.Languages?.ToArray()).ToArray()),
        TableColumn.From("skills", rows.Select(r => r.Skills?.ToArray()).ToArray()),
        TableColumn.From("goals_text", rows.Select(r => r.GoalsText).ToArray()),
        TableColumn.From("availability_h_per_month", rows.Select(r => r.AvailabilityHPerMonth).ToArray()),
        TableColumn.From("mentor_capacity", rows.Select(r => (long?)r.MentorCapacity).ToArray()),
        TableColumn.From("gender", rows.Select(r => r.Gender).ToArray()),
        TableColumn.From("age_band", rows.Select(r => r.AgeBand).ToArray()),
    ]);

    public static Table ToTable(IReadOnlyList<Pair> rows) => Build(HistorySchemas.Pairs, rows.Count,
    [
        TableColumn.From("pair_id", rows.Select(r => (string?)r.PairId).ToArray()),
        TableColumn.From("programme_id", rows.Select(r => (string?)r.ProgrammeId).ToArray()),
        TableColumn.From("cohort_id", rows.Select(r => (string?)r.CohortId).ToArray()),
        TableColumn.From("mentee_id", rows.Select(r => (string?)r.MenteeId).ToArray()),
        TableColumn.From("mentor_id", rows.Select(r => (string?)r.MentorId).ToArray()),
        TableColumn.From("matched_at", rows.Select(r => (DateTime?)r.MatchedAt).ToArray()),
        TableColumn.From("match_source", rows.Select(r => (string?)EnumNames.Of(r.MatchSource)).ToArray()),
        TableColumn.From("accepted", rows.Select(r => (bool?)r.Accepted).ToArray()),
        TableColumn.From("ended_at", rows.Select(r => r.EndedAt).ToArray()),
        TableColumn.From("end_reason", rows.Select(r => r.EndReason is { } e ? EnumNames.Of(e) : null).ToArray()),
    ]);

    public static Table ToTable(IReadOnlyList<Session> rows) => Build(HistorySchemas.Sessions, rows.Count,
    [
        TableColumn.From("pair_id", rows.Select(r => (string?)r.PairId).ToArray()),
        TableColumn.From("held_at", rows.Select(r => (DateTime?)r.HeldAt).ToArray()),
        TableColumn.From("duration_min", rows.Select(r => (double?)r.DurationMin).ToArray()),
        TableColumn.From("mentee_rating", rows.Select(r => (long?)r.MenteeRating).ToArray()),
        TableColumn.From("mentor_rating", rows.Select(r => (long?)r.MentorRating).ToArray()),
    ]);

    public static Table ToTable(IReadOnlyList<Outcome> rows) => Build(HistorySchemas.Outcomes, rows.Count,
    [
        TableColumn.From("pair_id", rows.Select(r => (string?)r.PairId).ToArray()),
        TableColumn.From("surveyed_at", rows.Select(r => (DateTime?)r.SurveyedAt).ToArray()),
        TableColumn.From("mentee_satisfaction", rows.Select(r => (long?)r.MenteeSatisfaction).ToArray()),
        TableColumn.From("mentor_satisfaction", rows.Select(r => (long?)r.MentorSatisfaction).ToArray()),
        TableColumn.From("goals_set", rows.Select(r => (long?)r.GoalsSet).ToArray()),
        TableColumn.From("goals_achieved", rows.Select(r => (long?)r.GoalsAchieved).ToArray()),
    ]);

    /// <summary>The changes with each value written as a participants CSV cell would hold it (lists joined with ';').</summary>
    public static Table ToTable(IReadOnlyList<AttributeChange> rows) => Build(HistorySchemas.ParticipantChanges, rows.Count,
    [
        TableColumn.From("participant_id", rows.Select(r => (string?)r.ParticipantId).ToArray()),
        TableColumn.From("effective_from", rows.Select(r => (DateTime?)r.EffectiveFrom).ToArray()),
        TableColumn.From("column", rows.Select(r => (string?)r.Column).ToArray()),
        TableColumn.From("value", rows.Select(r => r.Value switch
        {
            null => null,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            int n => n.ToString(CultureInfo.InvariantCulture),
            IReadOnlyList<string> list => string.Join(TableSchema.ListSeparator, list),
            object o => o.ToString(),
        }).ToArray()),
    ]);

    private static Table Build(TableSchema schema, int rows, IReadOnlyList<TableColumn> columns)
    {
        // Keep schema order so files read like the schema, and fail loudly if the mapping drifts from it.
        var ordered = schema.Columns.Select(c => columns.Single(x => x.Name == c.Name)).ToList();
        return new Table(schema.Name, $"{schema.Name}", rows, ordered);
    }
}

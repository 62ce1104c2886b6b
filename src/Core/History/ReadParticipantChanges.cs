using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.History;

/// <summary>
/// Decodes and checks the optional participant_changes table against the participants it changes: every value is
/// checked as its participants column would be (type, range, list, null), the participant exists, the change comes after
/// their joined_at, a manager_id names a participant, and no attribute changes twice at the same instant. Each problem
/// names the file, the data row and the column.
/// </summary>
public static class ReadParticipantChanges
{
    public const string Table = "participant_changes";

    /// <summary>The changes, or null when any problem was found (all of them are in <paramref name="problems"/>).</summary>
    public static IReadOnlyList<AttributeChange>? From(RawTable raw, IReadOnlyList<Participant> participants, ProblemList problems)
    {
        var before = problems.Total;
        Table table = TableDecoder.Decode(HistorySchemas.ParticipantChanges, raw, problems);
        if (problems.Total > before)
        {
            return null;
        }

        string file = raw.File;
        string?[] ids = table["participant_id"].Strings!, columns = table["column"].Strings!, values = table["value"].Strings!;
        DateTime?[] from = table["effective_from"].Times!;
        object?[] typed = TypedValues(raw, columns, values, problems);

        var people = participants.ToDictionary(p => p.ParticipantId, StringComparer.Ordinal);
        var seen = new Dictionary<(string, string, DateTime), long>();
        var changes = new List<AttributeChange>(table.RowCount);
        for (int i = 0; i < table.RowCount; i++)
        {
            long row = raw.DataRow(i);
            string id = ids[i]!, column = columns[i]!;
            DateTime at = from[i]!.Value;
            if (!people.TryGetValue(id, out Participant? p))
            {
                problems.Add(ProblemKind.DanglingReference, file, row, "participant_id", "a participant_id of participants", Quote(id));
                continue;
            }

            if (at <= p.JoinedAt)
            {
                problems.Add(ProblemKind.TimeOrder, file, row, "effective_from",
                    $"after the participant's joined_at {p.JoinedAt:yyyy-MM-ddTHH:mm:ssZ} (the participants row holds the profile at joined_at)", $"{at:yyyy-MM-ddTHH:mm:ssZ}");
            }

            if (!seen.TryAdd((id, column, at), row))
            {
                problems.Add(ProblemKind.DuplicateKey, file, row, "effective_from",
                    $"one change of {column} for {Quote(id)} at each instant", $"another at {at:yyyy-MM-ddTHH:mm:ssZ} (row {seen[(id, column, at)]})");
            }

            if (column == "manager_id" && typed[i] is string manager && (manager == id || !people.ContainsKey(manager)))
            {
                problems.Add(ProblemKind.DanglingReference, file, row, "value", "a participant_id of participants other than the participant", Quote(manager));
            }

            changes.Add(new AttributeChange(id, at, column, typed[i]));
        }

        return problems.Total > before ? null : changes;
    }

    /// <summary>
    /// Each row's value decoded as its participants column: the rows of one column become a one-column table checked by
    /// <see cref="TableDecoder"/> against that column's schema, so a change is held to the rules of the cell it replaces.
    /// </summary>
    private static object?[] TypedValues(RawTable raw, string?[] columns, string?[] values, ProblemList problems)
    {
        var typed = new object?[columns.Length];
        foreach (IGrouping<string, int> group in Enumerable.Range(0, columns.Length).GroupBy(i => columns[i]!, StringComparer.Ordinal))
        {
            int[] rows = [.. group];
            ColumnSpec target = HistorySchemas.Participants[group.Key];
            // A change states a value, except that a manager may be removed (no manager among the participants); the
            // profile columns that may hold empty cells since ADR 0022 still take no empty change.
            var spec = target with { Name = "value", Required = true, Nullable = group.Key == "manager_id", Description = $"the new {group.Key}" };
            var one = new RawTable(raw.File, rows.Length, [new RawColumn("value", rows.Select(i => values[i]).ToArray(), "string")], 0, [.. rows.Select(i => raw.DataRow(i))]);
            TableColumn decoded = TableDecoder.Decode(new TableSchema(Table, [spec], []), one, problems).Columns[0];
            for (int k = 0; k < rows.Length; k++)
            {
                typed[rows[k]] = decoded.Kind switch
                {
                    ColumnKind.Integer => decoded.Integers![k] is { } n ? (int)n : null,
                    ColumnKind.Number => decoded.Numbers![k],
                    ColumnKind.StringList => decoded.Lists![k],
                    _ => decoded.Strings![k],
                };
            }
        }

        return typed;
    }

    private static string Quote(string s) => $"\"{s}\"";
}

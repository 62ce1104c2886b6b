using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Columns;

/// <summary>
/// Reads a pipeline's declared columns from a participants file with the same decoder as the schema's own columns,
/// so every problem names its file, row and column the same way: a declared column absent from the file, a value
/// that does not parse as its type, a category value outside the declared ones, a missing value in a column that is
/// not optional. A missing list or text of a required column reads as empty, as for the schema's lists and texts.
/// </summary>
public static class DeclaredColumnTable
{
    /// <summary>The declared columns as a table schema for <see cref="TableDecoder"/>.</summary>
    public static TableSchema Schema(IReadOnlyList<DeclaredColumn> declared) => new(
        HistorySchemas.Participants.Name,
        declared.Select(Spec).ToArray(),
        []);

    private static ColumnSpec Spec(DeclaredColumn c) => new(
        c.Name,
        c.Type switch
        {
            DeclaredColumnType.Numeric => ColumnKind.Number,
            DeclaredColumnType.Integer => ColumnKind.Integer,
            DeclaredColumnType.Boolean => ColumnKind.Boolean,
            DeclaredColumnType.List => ColumnKind.StringList,
            _ => ColumnKind.String,
        },
        Required: false, // checked by Decode, which says the column was declared
        Nullable: c.Optional,
        Minimum: null,
        Maximum: null,
        Enum: c.Type == DeclaredColumnType.Category ? c.Values : null,
        MinLength: c.Type == DeclaredColumnType.Category ? 1 : null, // an empty category is a missing value, not a value ""
        MinItems: null,
        References: null,
        Role: null,
        AuditOnly: c.AuditOnly,
        Description: "declared in the pipeline's columns: section");

    /// <summary>Decodes the declared columns of <paramref name="raw"/>, reporting each problem into <paramref name="problems"/>.</summary>
    public static Table Decode(IReadOnlyList<DeclaredColumn> declared, RawTable raw, ProblemList problems)
    {
        TableSchema schema = Schema(declared);
        var present = raw.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (ColumnSpec spec in schema.Columns.Where(s => !present.Contains(s.Name)))
        {
            problems.Add(ProblemKind.MissingColumn, raw.File, null, spec.Name,
                $"a column '{spec.Name}' ({spec.ExpectedType}), declared in the pipeline's columns:", $"columns [{string.Join(", ", raw.Columns.Select(c => c.Name))}]");
        }

        return TableDecoder.Decode(schema, raw, problems);
    }

    /// <summary>The participants with the declared columns' values of the same rows; <paramref name="table"/> decoded without problems.</summary>
    public static IReadOnlyList<Participant> Attach(IReadOnlyList<Participant> participants, Table table, IReadOnlyList<DeclaredColumn> declared)
    {
        var rows = new Participant[participants.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            var values = new Dictionary<string, CustomValue>(declared.Count, StringComparer.Ordinal);
            foreach (DeclaredColumn c in declared)
            {
                values[c.Name] = ValueAt(table[c.Name], i);
            }

            rows[i] = participants[i] with { Custom = values };
        }

        return rows;
    }

    private static CustomValue ValueAt(TableColumn column, int i) => column.Kind switch
    {
        ColumnKind.Number => column.Numbers![i] is { } d ? CustomValue.Of(d) : CustomValue.Missing,
        ColumnKind.Integer => column.Integers![i] is { } l ? CustomValue.Of(l) : CustomValue.Missing,
        ColumnKind.Boolean => column.Booleans![i] is { } b ? CustomValue.Of(b) : CustomValue.Missing,
        ColumnKind.StringList => column.Lists![i] is { } items ? CustomValue.Of(items) : CustomValue.Missing,
        _ => column.Strings![i] is { } s ? CustomValue.Of(s) : CustomValue.Missing,
    };
}

using System.Globalization;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Import;

/// <summary>
/// Turns one export table into one history table's raw text columns, as the history itself would hold them: renamed,
/// value-mapped, dates in UTC ISO 8601, lists joined with the history's separator, constants filled in. Types, ranges
/// and required values are then checked by <see cref="TableDecoder"/>, as for any history file.
/// </summary>
public static class ApplyTableMapping
{
    /// <summary>How many rows an unmapped value's report names; the count says how many there are in all.</summary>
    public const int FirstRowsShown = 5;

    /// <summary>
    /// The history table's raw columns, what the value maps lacked, what the mapping left unread, and the cells
    /// (data row, history column) already refused here, which the decoder must not report again as missing.
    /// </summary>
    public sealed record Result(RawTable Table, IReadOnlyList<UnmappedValue> Unmapped, IReadOnlyList<UnusedColumn> Unused, IReadOnlySet<(long Row, string Column)> Refused);

    /// <summary>The label problems use for a history column: the export column it comes from and the target.</summary>
    public static string Label(ColumnMapping c) => c.Source is { } s ? $"{s} → {c.Target.Name}" : $"{c.Target.Name} (constant)";

    /// <summary>
    /// Applies <paramref name="mapping"/> to <paramref name="source"/>, whose mapped columns are known to exist. Dates
    /// that do not parse are added to <paramref name="problems"/>; values a value map lacks are returned, counted.
    /// </summary>
    public static Result Apply(TableMapping mapping, RawTable source, ProblemList problems)
    {
        var byName = source.Columns.ToDictionary(c => c.Name, c => Texts(c), StringComparer.Ordinal);
        var columns = new List<RawColumn>();
        var unmapped = new List<UnmappedValue>();
        var refused = new HashSet<(long, string)>();
        foreach (ColumnMapping c in mapping.Columns)
        {
            var values = new string?[source.RowCount];
            if (c.Constant is { } constant)
            {
                Array.Fill(values, constant);
            }
            else
            {
                var misses = new Misses();
                string?[] cells = byName[c.Source!];
                for (int i = 0; i < cells.Length; i++)
                {
                    if (cells[i] is { } cell && !string.IsNullOrWhiteSpace(cell))
                    {
                        long before = problems.Total + misses.Total;
                        values[i] = Convert(c, cell, source.File, source.DataRow(i), problems, misses);
                        if (problems.Total + misses.Total > before)
                        {
                            refused.Add((source.DataRow(i), c.Target.Name));
                        }
                    }
                    else
                    {
                        values[i] = c.Empty;
                    }
                }

                unmapped.AddRange(misses.ByValue.Select(m => new UnmappedValue(mapping.Schema.Name, source.File, c.Source!, c.Target.Name, m.Key, m.Value.Count, m.Value.Rows)));
            }

            columns.Add(new RawColumn(c.Target.Name, values, "string"));
        }

        var used = mapping.Columns.Where(c => c.Source is not null).Select(c => c.Source!).ToHashSet(StringComparer.Ordinal);
        var unused = source.Columns.Where(c => !used.Contains(c.Name))
            .Select(c => new UnusedColumn(mapping.Schema.Name, source.File, c.Name, byName[c.Name].Count(v => !string.IsNullOrWhiteSpace(v))))
            .ToList();
        return new Result(new RawTable(source.File, source.RowCount, columns, source.SkippedRows, source.DataRows), unmapped, unused, refused);
    }

    private static string? Convert(ColumnMapping c, string cell, string file, long row, ProblemList problems, Misses misses)
    {
        if (c.Split is { } separator)
        {
            var items = new List<string>();
            foreach (string item in ImportValues.Split(cell, separator))
            {
                if (Map(c, item, row, misses) is { } mapped)
                {
                    items.Add(mapped);
                }
            }

            return string.Join(TableSchema.ListSeparator, items);
        }

        string? value = Map(c, cell, row, misses);
        if (value is null || c.DateFormats is not { } formats)
        {
            return value;
        }

        TimeZoneInfo zone = c.TimeZone ?? TimeZoneInfo.Utc;
        if (ImportValues.TryParseDate(value, formats, zone, out DateTime utc))
        {
            return utc.ToString(ImportValues.HistoryDateFormat, CultureInfo.InvariantCulture);
        }

        problems.Add(ProblemKind.WrongType, file, row, Label(c), $"a date in the format {string.Join(" or ", formats)} ({zone.Id})", $"\"{value}\"");
        return null;
    }

    /// <summary>The value through the column's value map; null (and counted as a miss) when the map lacks it, or when it maps to null.</summary>
    private static string? Map(ColumnMapping c, string value, long row, Misses misses)
    {
        if (c.Values is not { } map)
        {
            return value;
        }

        if (ImportValues.TryMap(map, value, out string? mapped))
        {
            return mapped;
        }

        string key = value.Trim();
        (int count, List<long> rows) = misses.ByValue.TryGetValue(key, out var seen) ? seen : (0, []);
        if (rows.Count < FirstRowsShown)
        {
            rows.Add(row);
        }

        misses.ByValue[key] = (count + 1, rows);
        misses.Total++;
        return null;
    }

    /// <summary>The values of one column a value map lacks: per value its count and first rows; and the count of all.</summary>
    private sealed class Misses
    {
        public Dictionary<string, (int Count, List<long> Rows)> ByValue { get; } = new(StringComparer.Ordinal);

        public long Total { get; set; }
    }

    /// <summary>A raw column as text: CSV cells as they are, Parquet values in the invariant forms the history reads.</summary>
    private static string?[] Texts(RawColumn column)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return column.Values switch
        {
            string?[] s => s,
            int?[] v => [.. v.Select(x => x?.ToString(inv))],
            long?[] v => [.. v.Select(x => x?.ToString(inv))],
            double?[] v => [.. v.Select(x => x?.ToString("R", inv))],
            float?[] v => [.. v.Select(x => x?.ToString("R", inv))],
            bool?[] v => [.. v.Select(x => x is { } b ? (b ? "true" : "false") : null)],
            DateTime?[] v => [.. v.Select(x => (x is { Kind: DateTimeKind.Local } t ? t.ToUniversalTime() : x)?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", inv))],
            _ => new string?[column.Values.Length],
        };
    }
}

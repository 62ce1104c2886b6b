using System.Globalization;
using MatchModels.Core.Schemas;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tables;

/// <summary>
/// Checks a raw table against its schema and decodes it into typed columns: missing required columns,
/// wrong types, missing values, ranges, enums, minimum lengths. Columns the schema does not know are ignored
/// (<see cref="IgnoredColumns"/> names them).
/// </summary>
/// <remarks>
/// An empty text cell is a missing value, quoted or not, in CSV and Parquet alike: pandas and Excel cannot choose per
/// column between an empty field and a quoted <c>""</c>. A missing value then becomes an empty list or an empty text
/// where the schema allows one (a required, non-nullable list without minItems, a text without minLength or enum),
/// so a spreadsheet's empty cell and a Parquet empty string load the same.
/// </remarks>
public static class TableDecoder
{
    // ISO 8601 only, with 'T' or a space (as pandas writes CSV), an optional fraction and an optional offset (none means
    // UTC). A lenient parse would read "03/04/2024" as 4 March and "12:00" as noon today: neither may pass silently.
    private static readonly string[] s_isoDateTimes =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd",
    ];

    public static Table Decode(TableSchema schema, RawTable raw, ProblemList problems)
    {
        var byName = raw.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var columns = new List<TableColumn>(schema.Columns.Count);
        foreach (ColumnSpec spec in schema.Columns)
        {
            var column = new TableColumn(spec.Name, spec.Kind, raw.RowCount);
            columns.Add(column);
            if (!byName.TryGetValue(spec.Name, out RawColumn? source))
            {
                if (spec.Required)
                {
                    string present = string.Join(", ", raw.Columns.Select(c => c.Name));
                    problems.Add(ProblemKind.MissingColumn, raw.File, null, spec.Name, $"a column '{spec.Name}' ({spec.ExpectedType})", $"columns [{present}]");
                }

                continue;
            }

            // A value refused as the wrong type is reported once, not again as missing; a column of the
            // wrong type altogether is one problem, not one per row.
            var refused = new bool[raw.RowCount];
            if (Fill(spec, source, column, raw, refused, problems))
            {
                CheckValues(spec, column, raw, refused, problems);
            }
        }

        return new Table(schema.Name, raw.File, raw.RowCount, columns);
    }

    /// <summary>Copies or parses the raw values into <paramref name="column"/>; false when the column's type is wrong as a whole.</summary>
    private static bool Fill(ColumnSpec spec, RawColumn source, TableColumn column, RawTable raw, bool[] refused, ProblemList problems)
    {
        string file = raw.File;
        int n = column.Length;
        switch (source.Values)
        {
            case string?[] strings:
                for (int i = 0; i < n; i++)
                {
                    string? s = strings[i];
                    if (s is { Length: > 0 } && !TryParse(spec.Kind, s, column, i))
                    {
                        refused[i] = true;
                        problems.Add(ProblemKind.WrongType, file, raw.DataRow(i), spec.Name, spec.ExpectedType, Quote(s));
                    }
                }

                return true;
            case int?[] ints when spec.Kind is ColumnKind.Integer or ColumnKind.Number:
                for (int i = 0; i < n; i++)
                {
                    SetNumber(column, i, ints[i]);
                }

                return true;
            case long?[] longs when spec.Kind is ColumnKind.Integer or ColumnKind.Number:
                for (int i = 0; i < n; i++)
                {
                    SetNumber(column, i, longs[i]);
                }

                return true;
            case double?[] or float?[] when spec.Kind is ColumnKind.Number or ColumnKind.Integer:
                // Floating-point columns are also accepted for integers when every value is whole: pandas
                // writes an integer column that has a missing value as float64.
                double?[] doubles = source.Values as double?[] ?? ((float?[])source.Values).Select(f => (double?)f).ToArray();
                for (int i = 0; i < n; i++)
                {
                    if (doubles[i] is not { } d)
                    {
                        continue;
                    }

                    bool integer = spec.Kind == ColumnKind.Integer;
                    if (!double.IsFinite(d) || (integer && (Math.Floor(d) != d || Math.Abs(d) > 1e15)))
                    {
                        refused[i] = true;
                        problems.Add(ProblemKind.WrongType, file, raw.DataRow(i), spec.Name, integer ? "a whole number" : "a finite number", d.ToString(CultureInfo.InvariantCulture));
                    }
                    else if (integer)
                    {
                        column.Integers![i] = (long)d;
                    }
                    else
                    {
                        column.Numbers![i] = d;
                    }
                }

                return true;
            case bool?[] bools when spec.Kind == ColumnKind.Boolean:
                bools.AsSpan(0, n).CopyTo(column.Booleans);
                return true;
            case DateTime?[] times when spec.Kind == ColumnKind.DateTime:
                for (int i = 0; i < n; i++)
                {
                    column.Times![i] = times[i] is { } t ? ToUtc(t) : null;
                }

                return true;
            default:
                problems.Add(ProblemKind.WrongType, file, null, spec.Name, spec.ExpectedType, $"a Parquet {source.FoundType} column");
                return false;
        }
    }

    private static void SetNumber(TableColumn column, int i, long? value)
    {
        if (column.Kind == ColumnKind.Integer)
        {
            column.Integers![i] = value;
        }
        else
        {
            column.Numbers![i] = value;
        }
    }

    private static bool TryParse(ColumnKind kind, string s, TableColumn column, int i)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case ColumnKind.String:
                column.Strings![i] = s;
                return true;
            case ColumnKind.Integer when long.TryParse(s, NumberStyles.AllowLeadingSign, inv, out long l):
                column.Integers![i] = l;
                return true;
            case ColumnKind.Integer when double.TryParse(s, NumberStyles.Float, inv, out double whole) && Math.Floor(whole) == whole && Math.Abs(whole) <= 1e15:
                // pandas writes an integer column that has a gap as float64 ("5.0"), as it does in Parquet.
                column.Integers![i] = (long)whole;
                return true;
            case ColumnKind.Number when double.TryParse(s, NumberStyles.Float, inv, out double d) && double.IsFinite(d):
                column.Numbers![i] = d;
                return true;
            case ColumnKind.Boolean when TryParseBool(s, out bool b):
                column.Booleans![i] = b;
                return true;
            case ColumnKind.DateTime when DateTime.TryParseExact(s, s_isoDateTimes, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t):
                column.Times![i] = DateTime.SpecifyKind(t, DateTimeKind.Utc);
                return true;
            case ColumnKind.StringList:
                column.Lists![i] = SplitList(s);
                return true;
            default:
                return false;
        }
    }

    public static string[] SplitList(string s) =>
        s.Split(TableSchema.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool TryParseBool(string s, out bool value)
    {
        switch (s.Trim().ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    private static void CheckValues(ColumnSpec spec, TableColumn column, RawTable raw, bool[] refused, ProblemList problems)
    {
        string file = raw.File;
        HashSet<string>? allowed = spec.Enum is null ? null : [.. spec.Enum];
        for (int i = 0; i < column.Length; i++)
        {
            if (refused[i])
            {
                continue;
            }

            long row = raw.DataRow(i);
            if (column.IsNull(i) && !spec.Nullable && EmptyAllowed(spec))
            {
                FillEmpty(column, i);
            }

            if (column.IsNull(i))
            {
                if (!spec.Nullable)
                {
                    problems.Add(ProblemKind.MissingValue, file, row, spec.Name, spec.ExpectedType, "an empty value");
                }

                continue;
            }

            switch (spec.Kind)
            {
                case ColumnKind.String:
                    string s = column.Strings![i]!;
                    if (allowed is not null && !allowed.Contains(s))
                    {
                        problems.Add(ProblemKind.UnknownEnumValue, file, row, spec.Name, $"one of {string.Join("|", spec.Enum!)}", Quote(s));
                    }
                    else if (spec.MinLength is { } min && s.Trim().Length < min)
                    {
                        problems.Add(ProblemKind.MissingValue, file, row, spec.Name, $"a non-empty {spec.ExpectedType}", Quote(s));
                    }

                    break;
                case ColumnKind.Integer:
                    CheckRange(spec, column.Integers![i]!.Value, file, row, problems);
                    break;
                case ColumnKind.Number:
                    CheckRange(spec, column.Numbers![i]!.Value, file, row, problems);
                    break;
                case ColumnKind.StringList:
                    if (spec.MinItems is { } minItems && column.Lists![i]!.Length < minItems)
                    {
                        problems.Add(ProblemKind.MissingValue, file, row, spec.Name, $"at least {minItems} item(s)", $"{column.Lists![i]!.Length}");
                    }

                    break;
            }
        }
    }

    /// <summary>The names of the columns of <paramref name="raw"/> that <paramref name="schema"/> does not know, in file order.</summary>
    public static IReadOnlyList<string> IgnoredColumns(TableSchema schema, RawTable raw) =>
        raw.Columns.Select(c => c.Name).Where(n => schema.Find(n) is null).ToList();

    /// <summary>Whether a missing value of this required column stands for an empty list or an empty text.</summary>
    private static bool EmptyAllowed(ColumnSpec spec) => spec.Kind switch
    {
        ColumnKind.StringList => spec.MinItems is null or 0,
        ColumnKind.String => spec.MinLength is null or 0 && spec.Enum is null,
        _ => false,
    };

    private static void FillEmpty(TableColumn column, int i)
    {
        if (column.Kind == ColumnKind.StringList)
        {
            column.Lists![i] = [];
        }
        else
        {
            column.Strings![i] = string.Empty;
        }
    }

    private static void CheckRange(ColumnSpec spec, double value, string file, long row, ProblemList problems)
    {
        if ((spec.Minimum is { } min && value < min) || (spec.Maximum is { } max && value > max))
        {
            string range = $"{Format(spec.Minimum, "-inf")} to {Format(spec.Maximum, "+inf")}";
            problems.Add(ProblemKind.OutOfRange, file, row, spec.Name, range, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Format(double? v, string missing) => v?.ToString(CultureInfo.InvariantCulture) ?? missing;

    private static string Quote(string s) => s.Length > 60 ? $"\"{s[..57]}...\"" : $"\"{s}\"";
}

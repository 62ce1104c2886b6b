using MatchModels.Core.Schemas;

namespace MatchModels.Core.Tables;

/// <summary>
/// One decoded column: exactly one of the typed arrays is set, the one for <see cref="Kind"/>.
/// Null entries are missing values; typed arrays keep a million-row table cheap to hold and to scan.
/// </summary>
public sealed class TableColumn
{
    public TableColumn(string name, ColumnKind kind, int length)
    {
        Name = name;
        Kind = kind;
        Length = length;
        switch (kind)
        {
            case ColumnKind.String: Strings = new string?[length]; break;
            case ColumnKind.Integer: Integers = new long?[length]; break;
            case ColumnKind.Number: Numbers = new double?[length]; break;
            case ColumnKind.Boolean: Booleans = new bool?[length]; break;
            case ColumnKind.DateTime: Times = new DateTime?[length]; break;
            case ColumnKind.StringList: Lists = new string[]?[length]; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public int Length { get; }

    public string?[]? Strings { get; }

    public long?[]? Integers { get; }

    public double?[]? Numbers { get; }

    public bool?[]? Booleans { get; }

    public DateTime?[]? Times { get; }

    public string[]?[]? Lists { get; }

    public bool IsNull(int row) => Kind switch
    {
        ColumnKind.String => Strings![row] is null,
        ColumnKind.Integer => Integers![row] is null,
        ColumnKind.Number => Numbers![row] is null,
        ColumnKind.Boolean => Booleans![row] is null,
        ColumnKind.DateTime => Times![row] is null,
        _ => Lists![row] is null,
    };

    public static TableColumn From(string name, string?[] values)
    {
        var c = new TableColumn(name, ColumnKind.String, values.Length);
        values.CopyTo(c.Strings!, 0);
        return c;
    }

    public static TableColumn From(string name, long?[] values)
    {
        var c = new TableColumn(name, ColumnKind.Integer, values.Length);
        values.CopyTo(c.Integers!, 0);
        return c;
    }

    public static TableColumn From(string name, double?[] values)
    {
        var c = new TableColumn(name, ColumnKind.Number, values.Length);
        values.CopyTo(c.Numbers!, 0);
        return c;
    }

    public static TableColumn From(string name, bool?[] values)
    {
        var c = new TableColumn(name, ColumnKind.Boolean, values.Length);
        values.CopyTo(c.Booleans!, 0);
        return c;
    }

    public static TableColumn From(string name, DateTime?[] values)
    {
        var c = new TableColumn(name, ColumnKind.DateTime, values.Length);
        values.CopyTo(c.Times!, 0);
        return c;
    }

    public static TableColumn From(string name, string[]?[] values)
    {
        var c = new TableColumn(name, ColumnKind.StringList, values.Length);
        values.CopyTo(c.Lists!, 0);
        return c;
    }
}

/// <summary>A decoded table: columns in schema order, all of <see cref="RowCount"/> rows.</summary>
public sealed class Table
{
    public Table(string name, string file, int rowCount, IReadOnlyList<TableColumn> columns)
    {
        Name = name;
        File = file;
        RowCount = rowCount;
        Columns = columns;
        foreach (TableColumn c in columns)
        {
            if (c.Length != rowCount)
            {
                throw new ArgumentException($"column '{c.Name}' has {c.Length} rows, table has {rowCount}");
            }
        }
    }

    public string Name { get; }

    public string File { get; }

    public int RowCount { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public TableColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public TableColumn this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"table '{Name}' has no column '{name}'");
}

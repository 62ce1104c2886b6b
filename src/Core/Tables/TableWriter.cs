using System.Globalization;
using System.Text;
using MatchModels.Core.Schemas;
using Parquet;
using Parquet.Schema;

namespace MatchModels.Core.Tables;

/// <summary>
/// Writes a decoded table as Parquet or CSV. The output depends only on the table: no clocks, no
/// machine names, so the same table always gives the same bytes.
/// </summary>
public static class TableWriter
{
    public static async Task WriteAsync(Table table, string path, TableFormat format, CancellationToken ct = default)
    {
        await using FileStream stream = File.Create(path);
        if (format == TableFormat.Parquet)
        {
            await WriteParquetAsync(table, stream, ct);
        }
        else
        {
            await WriteCsvAsync(table, stream, ct);
        }
    }

    public static async Task WriteParquetAsync(Table table, Stream stream, CancellationToken ct = default)
    {
        var fields = table.Columns.Select(ToField).ToArray();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, cancellationToken: ct);
        const int RowGroupSize = 1 << 18;
        for (int start = 0; start < Math.Max(table.RowCount, 1); start += RowGroupSize)
        {
            int n = Math.Min(RowGroupSize, table.RowCount - start);
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            for (int c = 0; c < fields.Length; c++)
            {
                TableColumn col = table.Columns[c];
                DataField f = fields[c];
                switch (col.Kind)
                {
                    case ColumnKind.String:
                        await group.WriteAsync(f, new ArraySegment<string?>(col.Strings!, start, n) as IReadOnlyCollection<string>);
                        break;
                    case ColumnKind.StringList:
                        await group.WriteAsync(f, col.Lists!.Skip(start).Take(n).Select(JoinList).ToArray() as IReadOnlyCollection<string>);
                        break;
                    case ColumnKind.Integer:
                        await group.WriteAsync<int>(f, col.Integers!.Skip(start).Take(n).Select(v => (int?)v).ToArray().AsMemory(), null, null, ct);
                        break;
                    case ColumnKind.Number:
                        await group.WriteAsync<double>(f, col.Numbers!.AsMemory(start, n), null, null, ct);
                        break;
                    case ColumnKind.Boolean:
                        await group.WriteAsync<bool>(f, col.Booleans!.AsMemory(start, n), null, null, ct);
                        break;
                    case ColumnKind.DateTime:
                        await group.WriteAsync<DateTime>(f, col.Times!.AsMemory(start, n), null, null, ct);
                        break;
                }
            }
        }
    }

    private static DataField ToField(TableColumn c) => c.Kind switch
    {
        ColumnKind.String or ColumnKind.StringList => new DataField(c.Name, typeof(string), true),
        ColumnKind.Integer => new DataField<int?>(c.Name),
        ColumnKind.Number => new DataField<double?>(c.Name),
        ColumnKind.Boolean => new DataField<bool?>(c.Name),
        ColumnKind.DateTime => new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static string? JoinList(string[]? items) => items is null ? null : string.Join(TableSchema.ListSeparator, items);

    public static async Task WriteCsvAsync(Table table, Stream stream, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(',', table.Columns.Select(c => c.Name)));
        var line = new StringBuilder();
        for (int i = 0; i < table.RowCount; i++)
        {
            line.Clear();
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                AppendCsv(line, Cell(table.Columns[c], i));
            }

            await writer.WriteLineAsync(line, ct);
        }
    }

    /// <summary>The text of one cell as CSV and reports show it; null for a missing value.</summary>
    public static string? Cell(TableColumn c, int i)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return c.Kind switch
        {
            ColumnKind.String => c.Strings![i],
            ColumnKind.StringList => JoinList(c.Lists![i]),
            ColumnKind.Integer => c.Integers![i]?.ToString(inv),
            ColumnKind.Number => c.Numbers![i]?.ToString("R", inv),
            ColumnKind.Boolean => c.Booleans![i] is { } b ? (b ? "true" : "false") : null,
            ColumnKind.DateTime => c.Times![i]?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv),
            _ => null,
        };
    }

    private static void AppendCsv(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0 || value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(value);
        }
    }
}

using MatchModels.Core.Validation;
using Parquet;
using Parquet.Schema;

namespace MatchModels.Core.Tables;

/// <summary>Reads every flat column of a Parquet file, all row groups, into typed arrays.</summary>
public static class ParquetTableReader
{
    public static async Task<RawTable?> ReadAsync(string path, ProblemList problems, CancellationToken ct = default)
    {
        string file = Path.GetFileName(path);
        await using FileStream stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            problems.Add(ProblemKind.EmptyFile, file, null, null, "a Parquet file", "an empty file (0 bytes)");
            return null;
        }

        if (!ParquetFooterCheck.HasMagic(stream))
        {
            problems.Add(ProblemKind.UnreadableFile, file, null, null, "a Parquet file (PAR1 at start and end)", "other content");
            return null;
        }

        if (ParquetFooterCheck.Problem(stream) is { } damaged)
        {
            problems.Add(ProblemKind.UnreadableFile, file, null, null, "a readable Parquet file", damaged);
            return null;
        }

        try
        {
            return await ReadColumnsAsync(stream, file, problems, ct);
        }
        catch (Exception e) when (IsDamage(e, ct))
        {
            // Parquet.Net trusts the lengths, offsets and counts in the footer; a damaged file makes it throw
            // whatever that arithmetic hits (overflow, out of range, bad Thrift). Any of them means the same thing.
            problems.Add(ProblemKind.UnreadableFile, file, null, null, "a readable Parquet file", Describe(e));
            return null;
        }
    }

    /// <summary>
    /// The most rows one table may hold. A corrupt footer can claim billions of rows, and every column is
    /// read into an array of that length; the largest programme histories have a few million session rows.
    /// </summary>
    public const long MaxRows = 50_000_000;

    private static async Task<RawTable?> ReadColumnsAsync(FileStream stream, string file, ProblemList problems, CancellationToken ct)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
        var columns = new List<RawColumn>();
        long total = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            if (group.RowCount < 0)
            {
                problems.Add(ProblemKind.UnreadableFile, file, null, null, "a readable Parquet file", $"row group {g + 1} claims {group.RowCount} rows");
                return null;
            }

            total += group.RowCount;
        }

        if (total > MaxRows)
        {
            problems.Add(ProblemKind.UnreadableFile, file, null, null, $"at most {MaxRows:N0} rows", $"{total:N0} rows");
            return null;
        }

        foreach (Field field in reader.Schema.Fields)
        {
            if (field is not DataField data)
            {
                problems.Add(ProblemKind.WrongType, file, null, field.Name, "a flat column (lists are strings joined with ';')", $"a nested {field.SchemaType} column");
                continue;
            }

            if (columns.Any(c => c.Name == data.Name))
            {
                problems.Add(ProblemKind.Inconsistent, file, null, data.Name, "each column once", "the name more than once");
                continue;
            }

            (Array values, string found)? read;
            try
            {
                read = await ReadColumnAsync(reader, data, (int)total, ct);
            }
            catch (Exception e) when (IsDamage(e, ct))
            {
                // A corrupt data page surfaces only when its column is read; name the column.
                problems.Add(ProblemKind.UnreadableFile, file, null, data.Name, "readable Parquet column data", Describe(e));
                continue;
            }

            if (read is null)
            {
                problems.Add(ProblemKind.WrongType, file, null, data.Name, "string, integer, number, boolean or timestamp", $"Parquet type {data.ClrType.Name}");
                continue;
            }

            columns.Add(new RawColumn(data.Name, read.Value.values, read.Value.found));
        }

        return new RawTable(file, (int)total, columns);
    }

    /// <summary>Every exception but the caller's own cancellation: the reader's failures on bad bytes have no common type.</summary>
    private static bool IsDamage(Exception e, CancellationToken ct) =>
        !(e is OperationCanceledException && ct.IsCancellationRequested);

    private static string Describe(Exception e) => $"damaged content ({e.GetType().Name}: {e.Message})";

    private static async Task<(Array, string)?> ReadColumnAsync(ParquetReader reader, DataField field, int total, CancellationToken ct)
    {
        Type t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[total];
            int offset = 0;
            var pool = new StringPool();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                int n = (int)group.RowCount;

                // Raw reading gives the present values packed at the front and a definition level per row;
                // it lets identical values (ids, categories) share one string instead of one allocation per row.
                var raw = new ReadOnlyMemory<char>[n];
                var definition = new int[n];
                await group.ReadRawAsync<ReadOnlyMemory<char>>(field, raw.AsMemory(), definition.AsMemory(), null, ct);
                int next = 0;
                for (int i = 0; i < n; i++)
                {
                    bool present = field.MaxDefinitionLevel == 0 || definition[i] == field.MaxDefinitionLevel;
                    values[offset + i] = present ? pool.Get(raw[next++].Span) : null;
                }

                offset += n;
            }

            return (values, "string");
        }

        if (t == typeof(int))
        {
            return (await ReadStructAsync<int>(reader, field, total, ct), "int32");
        }

        if (t == typeof(long))
        {
            return (await ReadStructAsync<long>(reader, field, total, ct), "int64");
        }

        if (t == typeof(double))
        {
            return (await ReadStructAsync<double>(reader, field, total, ct), "double");
        }

        if (t == typeof(float))
        {
            return (await ReadStructAsync<float>(reader, field, total, ct), "float");
        }

        if (t == typeof(bool))
        {
            return (await ReadStructAsync<bool>(reader, field, total, ct), "boolean");
        }

        if (t == typeof(DateTime))
        {
            return (await ReadStructAsync<DateTime>(reader, field, total, ct), "timestamp");
        }

        return null;
    }

    private static async Task<T?[]> ReadStructAsync<T>(ParquetReader reader, DataField field, int total, CancellationToken ct)
        where T : struct
    {
        var values = new T?[total];
        int offset = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            await group.ReadAsync<T>(field, values.AsMemory(offset, n), cancellationToken: ct);
            offset += n;
        }

        return values;
    }

    /// <summary>
    /// Shares one string per distinct value of a column while it is read. Long values (free text) are rarely
    /// repeated and are not pooled, so the pool stays small.
    /// </summary>
    private sealed class StringPool
    {
        private const int MaxPooledLength = 64;
        private const int MaxEntries = 1 << 20;

        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<char> value)
        {
            if (value.Length > MaxPooledLength)
            {
                return value.ToString();
            }

            var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(value, out string? s))
            {
                return s;
            }

            s = value.ToString();
            if (_strings.Count < MaxEntries)
            {
                _strings[s] = s;
            }

            return s;
        }
    }
}

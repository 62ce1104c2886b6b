using System.Text;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tables;

/// <summary>
/// Reads an RFC 4180 CSV file (comma separated, double-quoted fields may hold commas, quotes and new lines)
/// into string columns. An empty unquoted field is a missing value. A row with the wrong number of
/// fields is reported as ragged and left out.
/// </summary>
public static class CsvTableReader
{
    public static RawTable? Read(string path, ProblemList problems)
    {
        string file = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var parser = new CsvRecordParser(reader);
        List<string?>? header = parser.Next();
        if (header is null || (header.Count == 1 && string.IsNullOrWhiteSpace(header[0])))
        {
            problems.Add(ProblemKind.EmptyFile, file, null, null, "a header line naming the columns", "an empty file");
            return null;
        }

        var names = header.Select(h => (h ?? string.Empty).Trim()).ToArray();
        var duplicates = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (string d in duplicates)
        {
            problems.Add(ProblemKind.Inconsistent, file, null, d, "each column named once in the header", "the name more than once");
        }

        if (duplicates.Count > 0)
        {
            return null;
        }

        var columns = new List<string?>[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            columns[c] = [];
        }

        long dataRow = 0;
        int skipped = 0;
        while (parser.Next() is { } record)
        {
            dataRow++;
            if (record.Count == 1 && record[0] is null && names.Length > 1)
            {
                dataRow--; // a blank line, tolerated (editors add them at the end)
                continue;
            }

            if (record.Count != names.Length)
            {
                skipped++;
                problems.Add(ProblemKind.RaggedRow, file, dataRow, null, $"{names.Length} fields (line {parser.RecordStartLine})", $"{record.Count} fields");
                continue;
            }

            for (int c = 0; c < names.Length; c++)
            {
                columns[c].Add(record[c]);
            }
        }

        if (parser.UnterminatedQuoteLine is { } line)
        {
            problems.Add(ProblemKind.RaggedRow, file, dataRow, null, "a closing double quote", $"end of file inside a quoted field opened on line {line}");
        }

        int rows = columns.Length == 0 ? 0 : columns[0].Count;
        var raw = names.Select((n, c) => new RawColumn(n, columns[c].ToArray(), "string")).ToList();
        return new RawTable(file, rows, raw, skipped);
    }

    /// <summary>Splits a text stream into CSV records; a null field is an empty unquoted one.</summary>
    private sealed class CsvRecordParser(TextReader reader)
    {
        private readonly StringBuilder _field = new();
        private long _line = 1;

        public long RecordStartLine { get; private set; }

        public long? UnterminatedQuoteLine { get; private set; }

        public List<string?>? Next()
        {
            int ch = reader.Read();
            if (ch == -1)
            {
                return null;
            }

            RecordStartLine = _line;
            var fields = new List<string?>();
            _field.Clear();
            bool quoted = false;
            bool wasQuoted = false;
            long quoteOpenedOn = 0;
            while (true)
            {
                if (ch == -1)
                {
                    if (quoted)
                    {
                        UnterminatedQuoteLine = quoteOpenedOn;
                    }

                    fields.Add(Take(wasQuoted));
                    return fields;
                }

                char c = (char)ch;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            _field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            _line++;
                        }

                        _field.Append(c);
                    }
                }
                else if (c == '"' && _field.Length == 0)
                {
                    quoted = true;
                    wasQuoted = true;
                    quoteOpenedOn = _line;
                }
                else if (c == ',')
                {
                    fields.Add(Take(wasQuoted));
                    wasQuoted = false;
                }
                else if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    _line++;
                    fields.Add(Take(wasQuoted));
                    return fields;
                }
                else
                {
                    _field.Append(c);
                }

                ch = reader.Read();
            }
        }

        private string? Take(bool wasQuoted)
        {
            string? value = _field.Length == 0 && !wasQuoted ? null : _field.ToString();
            _field.Clear();
            return value;
        }
    }
}

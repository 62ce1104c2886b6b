using System.Buffers;
using System.Text;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tables;

/// <summary>
/// Reads an RFC 4180 CSV file (comma separated, double-quoted fields may hold commas, quotes and new lines)
/// into string columns. An empty unquoted field is read as null and a quoted one as an empty string; the decoder
/// treats both as a missing value (<see cref="TableDecoder"/>). A row with the wrong number of
/// fields is reported as ragged and left out. The text must be UTF-8 (a byte order mark is allowed).
/// </summary>
public static class CsvTableReader
{
    // Throws on bytes that are not UTF-8 rather than turning them into U+FFFD: an export saved as Windows-1252
    // would otherwise lose every accent of goals_text without a word.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RawTable? Read(string path, ProblemList problems)
    {
        try
        {
            return ReadUtf8(path, problems);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(ProblemKind.UnreadableFile, Path.GetFileName(path), null, null, "UTF-8 text",
                $"bytes that are not UTF-8 on line {LineOfFirstInvalidUtf8(path)} (saved as Windows-1252 or Latin-1?)");
            return null;
        }
    }

    private static RawTable? ReadUtf8(string path, ProblemList problems)
    {
        string file = Path.GetFileName(path);
        using var reader = new StreamReader(path, s_strictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var parser = new CsvRecordParser(reader);
        List<string?>? header = parser.Next();
        if (header is null || (header.Count == 1 && string.IsNullOrWhiteSpace(header[0])))
        {
            problems.Add(ProblemKind.EmptyFile, file, null, null, "a header line naming the columns", "an empty file");
            return null;
        }

        if (parser.UnterminatedQuoteLine is { } headerQuote)
        {
            problems.Add(ProblemKind.RaggedRow, file, null, null, "a closing double quote in the header", $"end of file inside a quoted field opened on line {headerQuote}");
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
        var kept = new List<long>();
        while (parser.Next() is { } record)
        {
            dataRow++;
            if (record.Count == 1 && record[0] is null && names.Length > 1)
            {
                dataRow--; // a blank line, tolerated (editors add them at the end)
                continue;
            }

            if (parser.UnterminatedQuoteLine is { } line)
            {
                // The quote swallowed the rest of the file: one problem, and none of it is a row.
                skipped++;
                problems.Add(ProblemKind.RaggedRow, file, dataRow, null, "a closing double quote", $"end of file inside a quoted field opened on line {line}");
                break;
            }

            if (record.Count != names.Length)
            {
                skipped++;
                problems.Add(ProblemKind.RaggedRow, file, dataRow, null, $"{names.Length} fields (line {parser.RecordStartLine})", $"{record.Count} fields");
                continue;
            }

            kept.Add(dataRow);
            for (int c = 0; c < names.Length; c++)
            {
                columns[c].Add(record[c]);
            }
        }

        var raw = names.Select((n, c) => new RawColumn(n, columns[c].ToArray(), "string")).ToList();
        return new RawTable(file, kept.Count, raw, skipped, skipped > 0 ? kept : null);
    }

    /// <summary>The 1-based line holding the first byte sequence that is not UTF-8; the buffered reader cannot tell it.</summary>
    private static long LineOfFirstInvalidUtf8(string path)
    {
        using FileStream stream = File.OpenRead(path);
        byte[] buffer = new byte[1 << 16];
        int carried = 0;
        long line = 1;
        while (true)
        {
            int read = stream.Read(buffer, carried, buffer.Length - carried);
            ReadOnlySpan<byte> rest = buffer.AsSpan(0, carried + read);
            while (!rest.IsEmpty)
            {
                OperationStatus status = Rune.DecodeFromUtf8(rest, out _, out int used);
                if (status == OperationStatus.InvalidData || (status == OperationStatus.NeedMoreData && read == 0))
                {
                    return line;
                }

                if (status == OperationStatus.NeedMoreData)
                {
                    break; // a sequence cut by the end of the buffer: carry it over
                }

                if (rest[0] == (byte)'\n')
                {
                    line++;
                }

                rest = rest[used..];
            }

            if (read == 0)
            {
                return line;
            }

            carried = rest.Length;
            rest.CopyTo(buffer);
        }
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

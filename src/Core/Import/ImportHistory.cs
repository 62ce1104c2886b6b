using MatchModels.Core.History;
using MatchModels.Core.Suggestions;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Import;

/// <summary>
/// <c>data import</c>: reads an HR-system export folder through a mapping, writes the programme history it describes as
/// Parquet into a folder beside the output, validates that folder exactly as <c>data validate</c> does, and only then
/// renames it to the output. Any unmapped value or problem leaves nothing behind.
/// </summary>
public static class ImportHistory
{
    /// <exception cref="ImportMappingException">
    /// The arguments or the mapping cannot be used: the export folder or a file it names is missing, a mapped column is
    /// not in its export file, the output folder is not empty, or the mapping file itself is wrong.
    /// </exception>
    public static async Task<ImportReport> RunAsync(string source, string mappingPath, string output, CancellationToken ct = default)
    {
        CheckOutput(output);
        if (!Directory.Exists(source))
        {
            throw new ImportMappingException([new MappingError(source, null, File.Exists(source) ? "a file, not an export folder" : "no such export folder")]);
        }

        ImportMapping mapping = ReadImportMapping.FromFile(mappingPath);
        var problems = new ProblemList();
        var raws = new List<(TableMapping Mapping, RawTable? Raw)>();
        var errors = new List<MappingError>();
        foreach (TableMapping table in mapping.Tables)
        {
            RawTable? raw = await ReadSourceAsync(mapping, table, source, problems, errors, ct);
            raws.Add((table, raw));
            if (raw is not null)
            {
                CheckSourceColumns(mapping, table, raw, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new ImportMappingException(errors);
        }

        var tables = new List<Table>();
        var imported = new List<ImportedTable>();
        var unmapped = new List<UnmappedValue>();
        var unused = new List<UnusedColumn>();
        foreach ((TableMapping table, RawTable? raw) in raws)
        {
            if (raw is null)
            {
                continue;
            }

            var tableProblems = new ProblemList();
            ApplyTableMapping.Result applied = ApplyTableMapping.Apply(table, raw, tableProblems);
            unmapped.AddRange(applied.Unmapped);
            unused.AddRange(applied.Unused);
            Table decoded = TableDecoder.Decode(table.Schema, applied.Table, tableProblems);
            problems.AddRange(Relabel(WithoutRefused(tableProblems, applied.Refused), table));
            tables.Add(decoded);
            imported.Add(new ImportedTable(table.Schema.Name, raw.File, raw.RowCount));
        }

        if (problems.Any || unmapped.Count > 0)
        {
            return new ImportReport(source, output, false, imported, unmapped, unused, problems.Kept, problems.Total);
        }

        HistoryLoadResult validated = await WriteAsideAndValidateAsync(tables, output, ct);
        if (!validated.Ok)
        {
            var byTable = mapping.Tables.ToDictionary(t => t.Schema.Name);
            var relabelled = new ProblemList();
            foreach (ValidationProblem p in validated.Problems)
            {
                TableMapping? t = byTable.GetValueOrDefault(Path.GetFileNameWithoutExtension(p.File));
                relabelled.Add(t is null ? p : Relabel(p, t, raws.First(r => r.Mapping == t).Raw!.File));
            }

            return new ImportReport(source, output, false, imported, unmapped, unused, relabelled.Kept, validated.ProblemCount);
        }

        return new ImportReport(source, output, true, imported, unmapped, unused, [], 0);
    }

    private static void CheckOutput(string output)
    {
        if (File.Exists(output) || (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any()))
        {
            throw new ImportMappingException([new MappingError(output, null, "the output exists and is not an empty folder; import writes a new history only")]);
        }
    }

    private static async Task<RawTable?> ReadSourceAsync(ImportMapping mapping, TableMapping table, string source, ProblemList problems, List<MappingError> errors, CancellationToken ct)
    {
        string path = Path.Combine(source, table.SourceFile);
        string key = $"tables.{table.Schema.Name}.file";
        if (!File.Exists(path))
        {
            string present = string.Join(", ", Directory.EnumerateFiles(source).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            errors.Add(new MappingError(mapping.File, table.Line, $"{key}: the export file '{table.SourceFile}' is not in {source} (files: {(present.Length == 0 ? "none" : present)})"));
            return null;
        }

        switch (TableFormats.FromExtension(path))
        {
            case TableFormat.Csv:
                return CsvTableReader.Read(path, problems);
            case TableFormat.Parquet:
                return await ParquetTableReader.ReadAsync(path, problems, ct);
            default:
                errors.Add(new MappingError(mapping.File, table.Line, $"{key}: '{table.SourceFile}' is neither .csv nor .parquet"));
                return null;
        }
    }

    private static void CheckSourceColumns(ImportMapping mapping, TableMapping table, RawTable raw, List<MappingError> errors)
    {
        var present = raw.Columns.Select(c => c.Name).ToList();
        foreach (ColumnMapping c in table.Columns)
        {
            if (c.Source is { } s && !present.Contains(s, StringComparer.Ordinal))
            {
                errors.Add(new MappingError(mapping.File, c.Line,
                    $"{c.Path}: the column '{s}' is not in {raw.File}{ClosestName.Hint(s, present)} (its columns: {string.Join(", ", present)})"));
            }
        }
    }

    /// <summary>Drops the decoder's "missing value" for a cell whose date or value was already refused: one problem per cell.</summary>
    private static ProblemList WithoutRefused(ProblemList problems, IReadOnlySet<(long Row, string Column)> refused)
    {
        var list = new ProblemList();
        foreach (ValidationProblem p in problems.Kept)
        {
            if (!(p.Kind == ProblemKind.MissingValue && p.Row is { } row && p.Column is { } column && refused.Contains((row, column))))
            {
                list.Add(p);
            }
        }

        // Past the cap a list only counts: adding any problem again keeps the total without keeping it.
        for (long extra = problems.Total - problems.Kept.Count; extra > 0; extra--)
        {
            list.Add(problems.Kept[^1]);
        }

        return list;
    }

    /// <summary>Names the export column with the history column in each problem, so it points at the cell to fix.</summary>
    private static ProblemList Relabel(ProblemList problems, TableMapping table)
    {
        var list = new ProblemList();
        foreach (ValidationProblem p in problems.Kept)
        {
            list.Add(Relabel(p, table, p.File));
        }

        // Past the cap a list only counts: adding any problem again keeps the total without keeping it.
        for (long extra = problems.Total - problems.Kept.Count; extra > 0; extra--)
        {
            list.Add(problems.Kept[^1]);
        }

        return list;
    }

    private static ValidationProblem Relabel(ValidationProblem p, TableMapping table, string file)
    {
        ColumnMapping? c = table.Columns.FirstOrDefault(m => m.Target.Name == p.Column);
        return p with { File = file, Column = c is null ? p.Column : ApplyTableMapping.Label(c) };
    }

    /// <summary>Writes the tables into a fresh folder beside <paramref name="output"/>, validates it, and renames it on success; otherwise removes it.</summary>
    private static async Task<HistoryLoadResult> WriteAsideAndValidateAsync(IReadOnlyList<Table> tables, string output, CancellationToken ct)
    {
        string full = Path.GetFullPath(Path.TrimEndingDirectorySeparator(output));
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string aside = Path.Combine(parent, $".{Path.GetFileName(full)}.import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(aside);
        try
        {
            foreach (Table t in tables)
            {
                await TableWriter.WriteAsync(t, Path.Combine(aside, t.Name + ".parquet"), TableFormat.Parquet, ct);
            }

            HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(aside, ct);
            if (result.Ok)
            {
                CheckOutput(output);
                if (Directory.Exists(full))
                {
                    Directory.Delete(full);
                }

                Directory.Move(aside, full);
            }

            return result;
        }
        finally
        {
            if (Directory.Exists(aside))
            {
                Directory.Delete(aside, recursive: true);
            }
        }
    }
}

using System.Security.Cryptography;
using MatchModels.Core.Columns;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.History;

/// <summary>One table file that was found: where, which format, its sha256 and how many rows.</summary>
public sealed record TableFile(string Table, string Path, TableFormat Format, string Sha256, long Bytes, int Rows);

/// <summary>Columns of one file that its schema does not know, so nothing reads them; in file order.</summary>
public sealed record IgnoredColumns(string Table, string File, IReadOnlyList<string> Columns);

/// <summary>
/// The outcome of a load: the history only when there is not a single problem. <see cref="Ignored"/> holds, per file
/// read, the columns the schemas do not know; files without any are absent.
/// </summary>
public sealed record HistoryLoadResult(
    ProgrammeHistory? History,
    IReadOnlyList<TableFile> Files,
    IReadOnlyList<ValidationProblem> Problems,
    long ProblemCount,
    IReadOnlyDictionary<string, Table> Tables,
    IReadOnlyList<IgnoredColumns> Ignored)
{
    public bool Ok => History is not null;
}

/// <summary>
/// Loads and validates a directory holding one Parquet or CSV file per table (participants, pairs, sessions, and
/// optionally outcomes and participant_changes). Everything is checked before anything is returned: a single problem
/// anywhere means no history.
/// </summary>
public static class LoadProgrammeHistory
{
    public static Task<HistoryLoadResult> FromDirectoryAsync(string directory, CancellationToken ct = default) =>
        FromDirectoryAsync(directory, [], ct);

    /// <summary>
    /// Loads as above, and also reads and checks the participant columns a pipeline declares (ADR 0021): each must be
    /// in the participants file, and each value must fit its declaration; the participants then carry them in
    /// <see cref="Participant.Custom"/>, and they are no longer listed as ignored.
    /// </summary>
    public static async Task<HistoryLoadResult> FromDirectoryAsync(string directory, IReadOnlyList<DeclaredColumn> declared, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var problems = new ProblemList();
        var files = new List<TableFile>();
        var tables = new Dictionary<string, Table>();
        var ignored = new List<IgnoredColumns>();
        if (!Directory.Exists(directory))
        {
            string found = File.Exists(directory) ? "a file, not a directory" : "nothing at that path";
            problems.Add(ProblemKind.MissingDirectory, directory, null, null, "a directory with participants, pairs, sessions and outcomes files", found);
            return Fail(problems, files, tables, ignored);
        }

        // Find every file first (cheap), then read and decode the tables concurrently: reading is CPU-bound
        // (decompression, UTF-8, parsing) and the largest tables are independent of each other.
        // The outcomes file is optional (ADR 0022): a drop-out history has no survey to give, and no outcomes is a known state.
        var located = HistorySchemas.All.Select(schema => (Schema: schema, Path: schema == HistorySchemas.Outcomes
            ? LocateOptional(directory, schema.Name, problems)
            : Locate(directory, schema.Name, problems))).ToList();
        var loads = await Task.WhenAll(located.Select(l => l.Path is null
            ? Task.FromResult<TableLoad?>(null)
            : Task.Run<TableLoad?>(async () => await LoadTableAsync(l.Schema, l.Path, declared, ct), ct)));
        foreach (TableLoad? load in loads)
        {
            if (load is null)
            {
                continue;
            }

            problems.AddRange(load.Problems);
            if (load.Ignored is not null)
            {
                ignored.Add(load.Ignored);
            }

            if (load.File is not null)
            {
                files.Add(load.File);
            }

            if (load.Table is not null && !load.Problems.Any)
            {
                tables[load.Table.Name] = load.Table;
            }
        }

        if (problems.Any || tables.Count < located.Count(l => l.Path is not null))
        {
            return Fail(problems, files, tables, ignored);
        }

        var history = new ProgrammeHistory(
            (IReadOnlyList<Participant>)loads[0]!.Records!,
            (IReadOnlyList<Pair>)loads[1]!.Records!,
            (IReadOnlyList<Session>)loads[2]!.Records!,
            (IReadOnlyList<Outcome>?)loads[3]?.Records ?? []);
        HistoryChecks.Run(history, files.ToDictionary(f => f.Table, f => Path.GetFileName(f.Path)), problems);
        if (!problems.Any && LocateOptional(directory, ReadParticipantChanges.Table, problems) is { } changesPath)
        {
            history = await WithChangesAsync(history, changesPath, files, tables, ignored, problems, ct);
        }

        return problems.Any
            ? Fail(problems, files, tables, ignored)
            : new HistoryLoadResult(history, files, [], 0, tables, ignored);
    }

    /// <summary>The history with its participant_changes, read once the participants they change are known to be valid.</summary>
    private static async Task<ProgrammeHistory> WithChangesAsync(
        ProgrammeHistory history, string path, List<TableFile> files, Dictionary<string, Table> tables, List<IgnoredColumns> ignored, ProblemList problems, CancellationToken ct)
    {
        TableFormat format = TableFormats.FromExtension(path)!.Value;
        RawTable? raw = format == TableFormat.Parquet ? await ParquetTableReader.ReadAsync(path, problems, ct) : CsvTableReader.Read(path, problems);
        if (raw is null)
        {
            return history;
        }

        files.Add(new TableFile(ReadParticipantChanges.Table, path, format, await Sha256Async(path, ct), new FileInfo(path).Length, raw.RowCount));
        IReadOnlyList<string> unknown = TableDecoder.IgnoredColumns(HistorySchemas.ParticipantChanges, raw);
        if (unknown.Count > 0)
        {
            ignored.Add(new IgnoredColumns(ReadParticipantChanges.Table, raw.File, unknown));
        }

        IReadOnlyList<AttributeChange>? changes = ReadParticipantChanges.From(raw, history.Participants, problems);
        if (changes is null)
        {
            return history;
        }

        tables[ReadParticipantChanges.Table] = HistoryTables.ToTable(changes);
        return history with { Changes = changes };
    }

    /// <summary>The file of an optional table, or null when the directory has none; two candidates are a problem, as for the required ones.</summary>
    private static string? LocateOptional(string directory, string table, ProblemList problems) =>
        Directory.EnumerateFiles(directory).Any(p => string.Equals(Path.GetFileNameWithoutExtension(p), table, StringComparison.OrdinalIgnoreCase) && TableFormats.FromExtension(p) is not null)
            ? Locate(directory, table, problems)
            : null;

    /// <summary>One table read on its own: its problems, and its records when it decoded cleanly.</summary>
    private sealed record TableLoad(TableFile? File, Table? Table, object? Records, ProblemList Problems, IgnoredColumns? Ignored = null);

    private static async Task<TableLoad> LoadTableAsync(TableSchema schema, string path, IReadOnlyList<DeclaredColumn> declared, CancellationToken ct)
    {
        var problems = new ProblemList();
        TableFormat format = TableFormats.FromExtension(path)!.Value;
        RawTable? raw = format == TableFormat.Parquet
            ? await ParquetTableReader.ReadAsync(path, problems, ct)
            : CsvTableReader.Read(path, problems);
        if (raw is null)
        {
            return new TableLoad(null, null, null, problems);
        }

        if (raw.RowCount == 0 && raw.SkippedRows == 0 && schema.Name is "participants" or "pairs")
        {
            problems.Add(ProblemKind.EmptyFile, raw.File, null, null, $"at least one {schema.Name} row", "a header and no rows");
        }

        Table table = TableDecoder.Decode(schema, raw, problems);
        bool withDeclared = schema.Name == HistorySchemas.Participants.Name && declared.Count > 0;
        Table? custom = withDeclared ? DeclaredColumnTable.Decode(declared, raw, problems) : null;
        var file = new TableFile(schema.Name, path, format, await Sha256Async(path, ct), new FileInfo(path).Length, raw.RowCount);
        object? records = problems.Any ? null : schema.Name switch
        {
            "participants" => HistoryTables.ReadParticipants(table),
            "pairs" => HistoryTables.ReadPairs(table),
            "sessions" => HistoryTables.ReadSessions(table),
            _ => HistoryTables.ReadOutcomes(table),
        };
        if (records is IReadOnlyList<Participant> participants && custom is not null)
        {
            records = DeclaredColumnTable.Attach(participants, custom, declared);
        }

        IReadOnlyList<string> unknown = TableDecoder.IgnoredColumns(schema, raw)
            .Where(c => !withDeclared || !declared.Any(d => d.Name == c)).ToList();
        return new TableLoad(file, table, records, problems, unknown.Count == 0 ? null : new IgnoredColumns(schema.Name, raw.File, unknown));
    }

    private static HistoryLoadResult Fail(ProblemList problems, List<TableFile> files, Dictionary<string, Table> tables, List<IgnoredColumns> ignored) =>
        new(null, files, problems.Kept, problems.Total, tables, ignored);

    private static string? Locate(string directory, string table, ProblemList problems)
    {
        // Exports from spreadsheet tools capitalise freely ("Participants.CSV"): match the name case-insensitively.
        var candidates = Directory.EnumerateFiles(directory)
            .Where(p => string.Equals(Path.GetFileNameWithoutExtension(p), table, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var usable = candidates.Where(p => TableFormats.FromExtension(p) is not null).ToList();
        if (usable.Count == 1)
        {
            return usable[0];
        }

        if (usable.Count > 1)
        {
            problems.Add(ProblemKind.Inconsistent, Path.GetFileName(usable[0]), null, null, $"one file for table '{table}'", string.Join(" and ", usable.Select(Path.GetFileName)));
            return null;
        }

        string found = candidates.Count == 0
            ? "no such file"
            : string.Join(", ", candidates.Select(Path.GetFileName)) + " (not Parquet or CSV)";
        problems.Add(ProblemKind.MissingTable, Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), table), null, null, $"{table}.parquet or {table}.csv", found);
        return null;
    }

    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using FileStream s = File.OpenRead(path);
        byte[] hash = await SHA256.HashDataAsync(s, ct);
        return Convert.ToHexStringLower(hash);
    }
}

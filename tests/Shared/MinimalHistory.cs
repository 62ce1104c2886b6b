using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Tests.Shared;

/// <summary>
/// Issue 13's bar for optional fields (ADR 0022): the sample history with participants cut down to ids, role, cohort and
/// joined_at, outcomes to what the pair-success label reads, pairs and sessions whole.
/// </summary>
internal static class MinimalHistory
{
    public static IReadOnlyList<string> ParticipantColumns { get; } = ["participant_id", "programme_id", "cohort_id", "role", "joined_at"];

    public static IReadOnlyList<string> OutcomeColumns { get; } = ["pair_id", "surveyed_at", "mentee_satisfaction"];

    /// <summary>Writes it into <paramref name="directory"/>; <paramref name="keep"/> names participant columns to keep too; no outcomes file without <paramref name="outcomes"/>.</summary>
    public static async Task WriteSampleAsync(string directory, TableFormat format, bool outcomes = true, params string[] keep)
    {
        ProgrammeHistory sample = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        await WriteProgrammeHistory.ToDirectoryAsync(sample, directory, format);
        string ext = TableFormats.Extension(format);
        await TableWriter.WriteAsync(Keep(HistoryTables.ToTable(sample.Participants), [.. ParticipantColumns, .. keep]), Path.Combine(directory, "participants" + ext), format);
        string outcomesFile = Path.Combine(directory, "outcomes" + ext);
        if (outcomes)
        {
            await TableWriter.WriteAsync(Keep(HistoryTables.ToTable(sample.Outcomes), OutcomeColumns), outcomesFile, format);
        }
        else
        {
            File.Delete(outcomesFile);
        }
    }

    private static Table Keep(Table table, IReadOnlyList<string> columns) =>
        new(table.Name, table.File, table.RowCount, [.. table.Columns.Where(c => columns.Contains(c.Name))]);
}

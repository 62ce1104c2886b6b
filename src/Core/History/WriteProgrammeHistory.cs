using MatchModels.Core.Tables;

namespace MatchModels.Core.History;

/// <summary>Writes a history as four files (participants, pairs, sessions, outcomes) in one format, and participant_changes when it has changes.</summary>
public static class WriteProgrammeHistory
{
    public static async Task ToDirectoryAsync(ProgrammeHistory history, string directory, TableFormat format, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        string ext = TableFormats.Extension(format);
        await TableWriter.WriteAsync(HistoryTables.ToTable(history.Participants), Path.Combine(directory, "participants" + ext), format, ct);
        await TableWriter.WriteAsync(HistoryTables.ToTable(history.Pairs), Path.Combine(directory, "pairs" + ext), format, ct);
        await TableWriter.WriteAsync(HistoryTables.ToTable(history.Sessions), Path.Combine(directory, "sessions" + ext), format, ct);
        await TableWriter.WriteAsync(HistoryTables.ToTable(history.Outcomes), Path.Combine(directory, "outcomes" + ext), format, ct);
        if (history.Changes.Count > 0)
        {
            await TableWriter.WriteAsync(HistoryTables.ToTable(history.Changes), Path.Combine(directory, ReadParticipantChanges.Table + ext), format, ct);
        }
    }
}

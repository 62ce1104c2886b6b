using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Tests.Shared;

/// <summary>Writes a history with extra participant columns, in participants order, as a company's export would carry them.</summary>
internal static class HistoryWithColumns
{
    public static async Task WriteAsync(ProgrammeHistory history, string directory, TableFormat format, params TableColumn[] extra)
    {
        await WriteProgrammeHistory.ToDirectoryAsync(history, directory, format);
        Table plain = HistoryTables.ToTable(history.Participants);
        var table = new Table(plain.Name, plain.File, plain.RowCount, [.. plain.Columns, .. extra]);
        await TableWriter.WriteAsync(table, Path.Combine(directory, "participants" + TableFormats.Extension(format)), format);
    }
}

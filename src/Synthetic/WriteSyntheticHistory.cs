using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Synthetic;

/// <summary>
/// Writes a synthetic history as the four table files plus truth.parquet or truth.csv (pair_id, p_success,
/// p_dropout). The loader ignores the truth file, so the directory is a valid history as it stands. The extra HR
/// columns, when generated, follow the schema's columns in participants.
/// </summary>
public static class WriteSyntheticHistory
{
    public const string TruthTable = "truth";

    public static async Task ToDirectoryAsync(SyntheticHistory h, string dir, TableFormat format, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(h);
        await WriteProgrammeHistory.ToDirectoryAsync(h.History, dir, format, ct);
        if (h.ExtraParticipantColumns is { } extra)
        {
            Table schema = HistoryTables.ToTable(h.History.Participants);
            var participants = new Table(schema.Name, schema.File, schema.RowCount, [.. schema.Columns, .. extra]);
            await TableWriter.WriteAsync(participants, Path.Combine(dir, schema.Name + TableFormats.Extension(format)), format, ct);
        }

        IReadOnlyList<TruthRow> rows = h.Truth;
        var table = new Table(TruthTable, TruthTable, rows.Count,
        [
            TableColumn.From("pair_id", rows.Select(r => (string?)r.PairId).ToArray()),
            TableColumn.From("p_success", rows.Select(r => (double?)r.PSuccess).ToArray()),
            TableColumn.From("p_dropout", rows.Select(r => (double?)r.PDropout).ToArray()),
        ]);
        await TableWriter.WriteAsync(table, Path.Combine(dir, TruthTable + TableFormats.Extension(format)), format, ct);
    }
}

using MatchModels.Core.PredictionLog;

namespace MatchModels.Core.PersonalData;

/// <summary>
/// Where MatchModels keeps data about participants: the prediction log and the outcomes beside it (one folder),
/// the registry (run folders' test predictions, and each version's lineage), and optionally the programme history a
/// run was trained from, needed only to tie a run's pair ids to a person. Each may be absent.
/// </summary>
public sealed record PersonalDataStores(string? LogFolder, string? Registry, string? HistoryFolder)
{
    public string? PredictionsFolder => LogFolder is null ? null : Path.Combine(LogFolder, PredictionLogReader.PredictionsFolder);

    public string? OutcomesFolder => LogFolder is null ? null : Path.Combine(LogFolder, PredictionLogReader.OutcomesFolder);

    /// <summary>
    /// True when a logged pair id ("mentee_id→mentor_id", as the scoring routes log it, or the caller's own pair id)
    /// names <paramref name="participantId"/>.
    /// </summary>
    public static bool Names(string? pairId, string participantId)
    {
        if (pairId is null)
        {
            return false;
        }

        int arrow = pairId.IndexOf('→', StringComparison.Ordinal);
        return arrow < 0
            ? string.Equals(pairId, participantId, StringComparison.Ordinal)
            : pairId.AsSpan(0, arrow).SequenceEqual(participantId) || pairId.AsSpan(arrow + 1).SequenceEqual(participantId);
    }

    /// <summary>The log's Parquet files under <paramref name="folder"/>, every partition, hidden (in-progress) files excluded.</summary>
    internal static IEnumerable<string> ParquetFiles(string? folder) =>
        folder is null || !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal);
}

using MatchModels.Core.PredictionLog;

namespace MatchModels.Core.PersonalData;

/// <summary>What an erasure removed, store by store, and the versions trained on the person's data (which it cannot change).</summary>
public sealed record ErasureResult(
    IReadOnlyList<string> ParticipantIds,
    int Predictions,
    int Outcomes,
    int RunPredictions,
    int FilesRewritten,
    IReadOnlyList<VersionLineage> TrainedOn,
    IReadOnlyList<VersionLineage> Unknown,
    IReadOnlyList<string> Notes);

/// <summary>
/// Removes a participant's rows from every store (GDPR Art. 17): each log file holding one of their rows is rewritten
/// without it (written aside, flushed, renamed over the old one, so a crash leaves the old file or the new one), and
/// so is each run folder's test-predictions.csv when the history is given. Registered versions cannot unlearn: the
/// result names those whose lineage holds the person, so that an operator can retrain without them.
/// </summary>
public static class EraseParticipantData
{
    public static async Task<ErasureResult> RunAsync(PersonalDataStores stores, IReadOnlyList<string> participantIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(participantIds);
        if (participantIds.Count == 0 || participantIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("name at least one participant, none empty", nameof(participantIds));
        }

        var notes = new List<string>();
        int predictions = 0, outcomes = 0, runRows = 0, files = 0;
        var versions = new List<VersionLineage>();
        foreach (string id in participantIds.Distinct(StringComparer.Ordinal))
        {
            // Found first: which requests scored only this person's pairs decides which outcomes are theirs.
            (ParticipantData found, IReadOnlySet<string> theirRequests) = await FindParticipantData.FindAsync(stores, id, ct);
            notes.AddRange(found.Notes.Where(n => !notes.Contains(n)));

            (int p, int pf) = await RemoveAsync<PredictionRecord>(stores.PredictionsFolder, r => PersonalDataStores.Names(r.PairId, id), ct);
            (int o, int of) = await RemoveAsync<OutcomeRecord>(stores.OutcomesFolder, r => FindParticipantData.Concerns(r, id, theirRequests), ct);
            (int r, int rf) = await RemoveRunRowsAsync(found.RunPredictions, ct);
            predictions += p;
            outcomes += o;
            runRows += r;
            files += pf + of + rf;
            versions.AddRange(found.Versions.Where(v => !versions.Contains(v)));
        }

        string trainedOn = Registry.TrainingLineage.Describe(Registry.TrainingLineage.Finding.TrainedOn);
        string notTrainedOn = Registry.TrainingLineage.Describe(Registry.TrainingLineage.Finding.NotTrainedOn);
        return new ErasureResult(participantIds, predictions, outcomes, runRows, files,
            versions.Where(v => v.Finding == trainedOn).Distinct().ToList(),
            versions.Where(v => v.Finding != trainedOn && v.Finding != notTrainedOn).Distinct().ToList(),
            notes);
    }

    /// <summary>Rewrites every file under <paramref name="folder"/> that holds a row <paramref name="erase"/> picks; returns (rows removed, files rewritten).</summary>
    private static async Task<(int Rows, int Files)> RemoveAsync<T>(string? folder, Func<T, bool> erase, CancellationToken ct)
        where T : class, new()
    {
        int rows = 0, files = 0;
        foreach (string file in PersonalDataStores.ParquetFiles(folder).ToList())
        {
            IList<T> all = await LogFiles.ReadAsync<T>(file, ct);
            var kept = all.Where(r => !erase(r)).ToList();
            if (kept.Count < all.Count)
            {
                await LogFiles.RewriteAsync(file, kept, ct);
                rows += all.Count - kept.Count;
                files++;
            }
        }

        return (rows, files);
    }

    /// <summary>Rewrites each run's test-predictions.csv without the person's pairs (aside, then renamed over it).</summary>
    private static async Task<(int Rows, int Files)> RemoveRunRowsAsync(IReadOnlyList<RunPredictionRow> rows, CancellationToken ct)
    {
        int removed = 0, files = 0;
        foreach (IGrouping<string, RunPredictionRow> run in rows.GroupBy(r => r.File, StringComparer.Ordinal))
        {
            var pairs = run.Select(r => r.PairId).ToHashSet(StringComparer.Ordinal);
            string[] lines = await File.ReadAllLinesAsync(run.Key, ct);
            var kept = lines.Take(1).Concat(lines.Skip(1).Where(l => !pairs.Contains(FindParticipantData.PairIdOf(l)))).ToList();
            string aside = run.Key + ".partial";
            await File.WriteAllTextAsync(aside, string.Concat(kept.Select(l => l + "\n")), ct);
            File.Move(aside, run.Key, overwrite: true);
            removed += lines.Length - kept.Count;
            files++;
        }

        return (removed, files);
    }
}

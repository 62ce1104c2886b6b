using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;

namespace MatchModels.Core.PersonalData;

/// <summary>How long each store keeps rows about people, in days; null keeps them until erased.</summary>
/// <param name="PredictionDays">The prediction log, by prediction time. The EU AI Act (Art. 19, 26(6)) asks deployers of high-risk systems to keep logs at least six months.</param>
/// <param name="OutcomeDays">Outcomes, by the time they were received.</param>
/// <param name="RunDays">Run folders' test-predictions.csv, by the run's start; the rest of a run (metrics, report, model) names no one.</param>
public sealed record RetentionPeriods(int? PredictionDays, int? OutcomeDays, int? RunDays)
{
    /// <summary>Six months and a little, the AI Act's minimum for logs; outcomes as long as the predictions they label.</summary>
    public static RetentionPeriods Default { get; } = new(190, 190, 190);
}

/// <summary>What a retention pass removed.</summary>
public sealed record RetentionResult(DateTime NowUtc, int Predictions, int Outcomes, int RunFiles, int FilesRewritten, int FilesDeleted);

/// <summary>
/// Removes rows older than each store's retention period: a log file all of whose rows are older goes whole, a file
/// straddling the cut-off is rewritten with the newer rows only (aside, then renamed), and a run older than its period
/// loses its test-predictions.csv. Runs by <c>matchmodels data retention</c> and daily inside the serving host.
/// </summary>
public static class EnforceRetention
{
    public static async Task<RetentionResult> RunAsync(PersonalDataStores stores, RetentionPeriods periods, DateTime nowUtc, bool dryRun = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(periods);
        var counts = new Counts();
        if (periods.PredictionDays is { } pd)
        {
            counts.Predictions = await ExpireAsync<PredictionRecord>(stores.PredictionsFolder, r => r.TimeUtc, nowUtc.AddDays(-pd), dryRun, counts, ct);
        }

        if (periods.OutcomeDays is { } od)
        {
            counts.Outcomes = await ExpireAsync<OutcomeRecord>(stores.OutcomesFolder, r => r.ReceivedAtUtc, nowUtc.AddDays(-od), dryRun, counts, ct);
        }

        if (periods.RunDays is { } rd)
        {
            DateTime cutoff = nowUtc.AddDays(-rd);
            foreach ((_, string runId, string path) in FindParticipantData.RunFolders(stores).ToList())
            {
                if (TrainingRuns.StartOf(runId) is { } started && started < cutoff)
                {
                    if (!dryRun)
                    {
                        File.Delete(path);
                    }

                    counts.RunFiles++;
                }
            }
        }

        return new RetentionResult(nowUtc, counts.Predictions, counts.Outcomes, counts.RunFiles, counts.Rewritten, counts.Deleted);
    }

    private static async Task<int> ExpireAsync<T>(string? folder, Func<T, DateTime> time, DateTime cutoff, bool dryRun, Counts counts, CancellationToken ct)
        where T : class, new()
    {
        int removed = 0;
        foreach (string file in PersonalDataStores.ParquetFiles(folder).ToList())
        {
            IList<T> rows = await LogFiles.ReadAsync<T>(file, ct);
            var kept = rows.Where(r => time(r) >= cutoff).ToList();
            if (kept.Count == rows.Count)
            {
                continue;
            }

            removed += rows.Count - kept.Count;
            if (kept.Count == 0)
            {
                counts.Deleted++;
            }
            else
            {
                counts.Rewritten++;
            }

            if (!dryRun)
            {
                await LogFiles.RewriteAsync(file, kept, ct);
            }
        }

        return removed;
    }

    private sealed class Counts
    {
        public int Predictions { get; set; }

        public int Outcomes { get; set; }

        public int RunFiles { get; set; }

        public int Rewritten { get; set; }

        public int Deleted { get; set; }
    }
}

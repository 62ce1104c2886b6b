using System.Globalization;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Retraining;

/// <summary>The candidate's and the champion's AUC on the same pairs, and how many pairs that was.</summary>
public sealed record WindowComparison(int Pairs, double CandidateAuc, double ChampionAuc)
{
    public bool CandidateBetter => CandidateAuc > ChampionAuc;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"on the {Pairs:N0} labelled pairs of the new run's temporal hold-out (the latest cohorts of the export), candidate AUC {CandidateAuc:0.####} against the champion's {ChampionAuc:0.####}");
}

/// <summary>
/// Compares a retrained version with the champion on the same recent labelled window: the new run's temporal hold-out
/// (its latest cohorts, with their labels, in the run's test-predictions.csv), which the champion scores from the same
/// export with its own fitted state, as <c>predict</c> does. Only the pairs both scored are compared.
/// </summary>
public static class CompareOnRecentWindow
{
    public const string TestPredictionsFile = "test-predictions.csv";

    public static async Task<WindowComparison> RunAsync(ModelVersion champion, string runDirectory, string data, CancellationToken ct = default)
    {
        Dictionary<string, (bool Label, double P)> candidate = ReadCsv(Path.Combine(runDirectory, TestPredictionsFile))
            .ToDictionary(r => r["pair_id"], r => (r["label"] == "1", double.Parse(r["probability"], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        string scored = Path.Combine(runDirectory, $"champion-{champion.Manifest.Version}-on-test.csv");
        await ScoreHistory.RunAsync(new ScoreHistoryRequest(champion, data, scored), null, ct);
        var labels = new List<bool>();
        var mine = new List<double>();
        var theirs = new List<double>();
        foreach (Dictionary<string, string> row in ReadCsv(scored))
        {
            if (candidate.TryGetValue(row["pair_id"], out var c) && double.TryParse(row["probability"], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            {
                labels.Add(c.Label);
                mine.Add(c.P);
                theirs.Add(p);
            }
        }

        if (labels.Distinct().Count() < 2)
        {
            throw new TrainingException($"the champion and the candidate share no labelled pairs with both outcomes in {runDirectory}: they cannot be compared on the same window");
        }

        return new WindowComparison(labels.Count, BinaryMetrics.RocAuc([.. mine], [.. labels]), BinaryMetrics.RocAuc([.. theirs], [.. labels]));
    }

    /// <summary>Both files are written by this product with plain ids and numbers, never a quoted field.</summary>
    private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            string[] cells = l.Split(',');
            return header.Select((h, i) => (h, v: i < cells.Length ? cells[i] : "")).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal);
        });
    }
}

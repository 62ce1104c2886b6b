using MatchModels.Core.PredictionLog;

namespace MatchModels.Monitoring.Reports;

/// <summary>The label each monitored row got (null: none), and how the outcomes were used.</summary>
public sealed record JoinedOutcomes(bool?[] Labels, OutcomeSummary Summary);

/// <summary>
/// Joins outcomes to logged predictions: an outcome with a pair_id labels the rows of that pair, one with only a
/// request_id the rows of that request. The first outcome of a key wins; later ones are counted as duplicates. An outcome
/// labels only rows predicted at or before it was observed, and one observed before every row it names is refused.
/// </summary>
public static class JoinOutcomes
{
    public static JoinedOutcomes Run(IReadOnlyList<PredictionRecord> rows, IReadOnlyList<LabelledOutcome> outcomes, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(outcomes);
        var byPair = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byRequest = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].PairId is { Length: > 0 } pair)
            {
                Add(byPair, pair, i);
            }

            if (rows[i].RequestId is { Length: > 0 } request)
            {
                Add(byRequest, request, i);
            }
        }

        var labels = new bool?[rows.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int used = 0, unknown = 0, duplicates = 0, before = 0, withoutLabel = 0;
        foreach (LabelledOutcome o in outcomes)
        {
            (string key, List<int>? matches) = o.PairId is { Length: > 0 } p
                ? ("pair:" + p, byPair.GetValueOrDefault(p))
                : o.RequestId is { Length: > 0 } r ? ("request:" + r, byRequest.GetValueOrDefault(r)) : ("", null);
            if (matches is null)
            {
                unknown++;
                continue;
            }

            if (!seen.Add(key))
            {
                duplicates++;
                continue;
            }

            if (o.Label is not { } label)
            {
                withoutLabel++;
                continue;
            }

            bool any = false;
            foreach (int i in matches)
            {
                if (rows[i].TimeUtc <= o.ObservedAtUtc)
                {
                    labels[i] = label;
                    any = true;
                }
            }

            if (any)
            {
                used++;
            }
            else
            {
                before++;
            }
        }

        int joined = labels.Count(l => l is not null);
        return new JoinedOutcomes(labels, new OutcomeSummary(outcomes.Count, used, joined, unknown, duplicates, before, withoutLabel, sources));
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int row)
    {
        if (!index.TryGetValue(key, out List<int>? list))
        {
            index[key] = list = [];
        }

        list.Add(row);
    }
}

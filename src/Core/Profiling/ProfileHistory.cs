using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;

namespace MatchModels.Core.Profiling;

/// <summary>Computes a <see cref="HistoryProfile"/> from decoded tables and, when it is valid, the history.</summary>
public static class ProfileHistory
{
    /// <summary>How many most-frequent values a categorical column shows.</summary>
    public const int TopValueCount = 5;

    /// <summary>A string column with more distinct values than this share of its rows is an identifier or free text: no top values.</summary>
    public const double CategoricalDistinctShare = 0.5;

    public static HistoryProfile Run(IReadOnlyDictionary<string, Table> tables, ProgrammeHistory? history)
    {
        var profiles = HistorySchemas.All
            .Where(s => tables.ContainsKey(s.Name))
            .Select(s => ProfileTable(tables[s.Name]))
            .ToList();
        return new HistoryProfile(profiles, history is null ? [] : CohortOutcomesOf(history));
    }

    public static TableProfile ProfileTable(Table table) =>
        new(table.Name, table.File, table.RowCount, table.Columns.Select(c => ProfileColumn(c, table.RowCount)).ToList());

    private static ColumnProfile ProfileColumn(TableColumn c, int rows)
    {
        int nulls = 0;
        for (int i = 0; i < c.Length; i++)
        {
            if (c.IsNull(i))
            {
                nulls++;
            }
        }

        string type = c.Kind.ToString().ToLowerInvariant();
        switch (c.Kind)
        {
            case ColumnKind.Integer:
                return new(c.Name, type, nulls, null, Summarise(c.Integers!.OfType<long>().Select(v => (double)v)), null, null);
            case ColumnKind.Number:
                return new(c.Name, type, nulls, null, Summarise(c.Numbers!.OfType<double>()), null, null);
            case ColumnKind.DateTime:
                var times = c.Times!.OfType<DateTime>().ToList();
                return new(c.Name, type, nulls, null, null, null, times.Count == 0 ? null : new TimeRange(times.Min(), times.Max()));
            case ColumnKind.Boolean:
                return new(c.Name, type, nulls, 2, null, Top(c.Booleans!.OfType<bool>().Select(b => b ? "true" : "false"), rows - nulls), null);
            case ColumnKind.StringList:
                var items = c.Lists!.OfType<string[]>().SelectMany(l => l).ToList();
                return new(c.Name, type, nulls, items.Distinct(StringComparer.Ordinal).Count(), null, Top(items, rows - nulls), null);
            default:
                var values = c.Strings!.OfType<string>().ToList();
                int distinct = values.Distinct(StringComparer.Ordinal).Count();
                bool categorical = distinct <= Math.Max(TopValueCount, values.Count * CategoricalDistinctShare);
                return new(c.Name, type, nulls, distinct, null, categorical ? Top(values, values.Count) : null, null);
        }
    }

    private static List<CategoryCount> Top(IEnumerable<string> values, int denominator) =>
        values.GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Count()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Take(TopValueCount)
            .Select(x => new CategoryCount(x.Key, x.Count, denominator == 0 ? 0 : (double)x.Count / denominator))
            .ToList();

    public static NumericSummary? Summarise(IEnumerable<double> values)
    {
        double[] sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        return new NumericSummary(
            sorted[0], Quantile(sorted, 0.05), Quantile(sorted, 0.25), Quantile(sorted, 0.5),
            Quantile(sorted, 0.75), Quantile(sorted, 0.95), sorted[^1], sorted.Average());
    }

    /// <summary>Type 7 quantile of sorted values: h = (n-1)p, interpolate between floor(h) and ceil(h).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    public static IReadOnlyList<CohortOutcomes> CohortOutcomesOf(ProgrammeHistory history)
    {
        var sessions = history.Sessions.CountBy(s => s.PairId).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var satisfaction = history.Outcomes
            .Where(o => o.MenteeSatisfaction is not null)
            .ToDictionary(o => o.PairId, o => (double)o.MenteeSatisfaction!.Value, StringComparer.Ordinal);
        return history.Pairs
            .GroupBy(p => p.CohortId, StringComparer.Ordinal)
            .Select(g =>
            {
                var pairs = g.ToList();
                double n = pairs.Count;
                var surveyed = pairs.Where(p => satisfaction.ContainsKey(p.PairId)).Select(p => satisfaction[p.PairId]).ToList();
                return new CohortOutcomes(
                    g.Key,
                    pairs.Min(p => p.MatchedAt),
                    pairs.Count,
                    pairs.Count(p => p.Accepted) / n,
                    pairs.Count(p => p.EndReason == EndReason.Completed) / n,
                    pairs.Count(p => p.EndReason is EndReason.MenteeDropped or EndReason.MentorDropped) / n,
                    pairs.Count(p => p.EndedAt is null) / n,
                    pairs.Average(p => (double)sessions.GetValueOrDefault(p.PairId)),
                    surveyed.Count > 0 ? surveyed.Average() : null);
            })
            .OrderBy(c => c.FirstMatch).ThenBy(c => c.CohortId, StringComparer.Ordinal)
            .ToList();
    }
}

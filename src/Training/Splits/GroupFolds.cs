using MatchModels.Core.History;

namespace MatchModels.Training.Splits;

/// <summary>Fold of each row, and how lopsided the grouping forced the folds to be.</summary>
public sealed record FoldAssignment(int[] FoldOfRow, int Folds, int Groups, double LargestGroupShare)
{
    public IEnumerable<int> Rows(int fold, bool inFold)
    {
        for (int i = 0; i < FoldOfRow.Length; i++)
        {
            if ((FoldOfRow[i] == fold) == inFold)
            {
                yield return i;
            }
        }
    }
}

/// <summary>
/// Cross-validation folds in which no mentor and no mentee appears on both sides: rows are grouped into the
/// connected components of the mentee–mentor graph (union–find), and whole components are dealt to the fold
/// with the fewest rows so far, largest first, ties broken by a seeded shuffle.
/// </summary>
public static class GroupFolds
{
    public static FoldAssignment Assign(IReadOnlyList<Pair> pairs, int folds, int seed)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string key) => ids.TryGetValue(key, out int i) ? i : ids[key] = ids.Count;
        var ends = pairs.Select(p => (Id("mentee:" + p.MenteeId), Id("mentor:" + p.MentorId))).ToArray();
        int[] parent = Enumerable.Range(0, ids.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        foreach ((int a, int b) in ends)
        {
            parent[Find(a)] = Find(b);
        }

        var random = new Random(seed);
        var components = Enumerable.Range(0, pairs.Count)
            .GroupBy(i => Find(ends[i].Item1))
            .Select(g => (Rows: g.ToArray(), Tie: random.Next()))
            .OrderByDescending(c => c.Rows.Length).ThenBy(c => c.Tie)
            .ToList();
        var foldOf = new int[pairs.Count];
        var sizes = new int[folds];
        foreach ((int[] rows, _) in components)
        {
            int target = Array.IndexOf(sizes, sizes.Min());
            foreach (int r in rows)
            {
                foldOf[r] = target;
            }

            sizes[target] += rows.Length;
        }

        double largest = pairs.Count == 0 ? 0 : (double)components[0].Rows.Length / pairs.Count;
        return new FoldAssignment(foldOf, folds, components.Count, largest);
    }
}

namespace MatchModels.Core.Registry;

/// <summary>
/// A line diff for small text files (pipelines, a few hundred lines): the longest common subsequence by dynamic
/// programming, printed as "-"/"+" lines with two lines of context, like a unified diff without hunk headers.
/// </summary>
public static class LineDiff
{
    private const int Context = 2;

    public static IReadOnlyList<string> Unified(IReadOnlyList<string> a, IReadOnlyList<string> b, string nameA, string nameB)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (int i = a.Count - 1; i >= 0; i--)
        {
            for (int j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char Op, string Line)>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                ops.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Count && (y == b.Count || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        if (ops.All(o => o.Op == ' '))
        {
            return [];
        }

        var keep = new bool[ops.Count];
        for (int k = 0; k < ops.Count; k++)
        {
            if (ops[k].Op != ' ')
            {
                for (int c = Math.Max(0, k - Context); c <= Math.Min(ops.Count - 1, k + Context); c++)
                {
                    keep[c] = true;
                }
            }
        }

        var lines = new List<string> { $"--- {nameA}", $"+++ {nameB}" };
        for (int k = 0; k < ops.Count; k++)
        {
            if (keep[k])
            {
                lines.Add($"{ops[k].Op}{ops[k].Line}");
            }
            else if (k > 0 && keep[k - 1])
            {
                lines.Add("…");
            }
        }

        return lines;
    }
}

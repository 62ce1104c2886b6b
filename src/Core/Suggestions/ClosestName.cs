namespace MatchModels.Core.Suggestions;

/// <summary>Finds the name a misspelling most likely meant, for "did you mean" hints.</summary>
public static class ClosestName
{
    /// <summary>Shorter prefixes match too much to be a useful hint ("m" starts half the keys).</summary>
    private const int MinPrefix = 4;

    /// <summary>
    /// The candidate nearest to <paramref name="typed"/> by Levenshtein distance, when it is close enough to be a
    /// typo: at most 2 edits, or a third of the name for long names; ties go to the earlier candidate. Failing that,
    /// a candidate that starts with what was typed.
    /// </summary>
    public static string? To(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        string? extension = null;
        foreach (string candidate in candidates)
        {
            int d = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }

            // "budget" for "budget_seconds": far in edits, but plainly the same key cut short.
            if (extension is null && typed.Length >= MinPrefix && candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                extension = candidate;
            }
        }

        int allowed = Math.Max(2, typed.Length / 3);
        return bestDistance <= allowed && bestDistance < typed.Length ? best : extension;
    }

    /// <summary>" (did you mean 'x'?)", or nothing when no candidate is close.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        To(typed, candidates) is { } match ? $" (did you mean '{match}'?)" : "";

    internal static int Distance(string a, string b)
    {
        // Two rows of the classic dynamic programme: insertions, deletions and substitutions cost 1.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

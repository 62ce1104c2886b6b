namespace MatchModels.Synthetic;

/// <summary>
/// Whether two participants sit on the same reporting line, following manager links (each manager has a
/// strictly higher job level than the people reporting to them, so the chains are short and acyclic).
/// </summary>
internal static class ReportingLine
{
    /// <param name="a">First participant.</param>
    /// <param name="b">Second participant.</param>
    /// <param name="managerOf">The manager of a participant, or null.</param>
    public static bool Shared<T>(T a, T b, Func<T, T?> managerOf)
        where T : class
    {
        T? ma = managerOf(a), mb = managerOf(b);
        if (ma is not null && ReferenceEquals(ma, mb))
        {
            return true;
        }

        return IsAbove(a, b, managerOf) || IsAbove(b, a, managerOf);
    }

    private static bool IsAbove<T>(T boss, T person, Func<T, T?> managerOf)
        where T : class
    {
        // The bound only guards against a malformed chain; job levels keep real chains under ten links.
        T? m = managerOf(person);
        for (int steps = 0; m is not null && steps < 64; steps++)
        {
            if (ReferenceEquals(m, boss))
            {
                return true;
            }

            m = managerOf(m);
        }

        return false;
    }
}

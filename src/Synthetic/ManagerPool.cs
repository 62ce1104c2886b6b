namespace MatchModels.Synthetic;

/// <summary>
/// The mentors who can be someone's manager, by department and job level. A manager is always a mentor of
/// the same department with a strictly higher level, which keeps reporting chains acyclic.
/// </summary>
internal sealed class ManagerPool
{
    private const int Levels = 10;
    private readonly List<int>[] _byDepartmentAndLevel;

    public ManagerPool(int departments)
    {
        _byDepartmentAndLevel = new List<int>[departments * Levels];
        for (int i = 0; i < _byDepartmentAndLevel.Length; i++)
        {
            _byDepartmentAndLevel[i] = [];
        }
    }

    public void Add(DraftParticipant mentor) => _byDepartmentAndLevel[Slot(mentor.Department, mentor.JobLevel)].Add(mentor.Index);

    /// <summary>A uniformly drawn mentor of the department whose level is above <paramref name="level"/>, or -1.</summary>
    public int PickAbove(Random rng, int department, int level)
    {
        int total = 0;
        for (int l = level + 1; l <= Levels; l++)
        {
            total += _byDepartmentAndLevel[Slot(department, l)].Count;
        }

        if (total == 0)
        {
            return -1;
        }

        int k = rng.Next(total);
        for (int l = level + 1; l <= Levels; l++)
        {
            List<int> at = _byDepartmentAndLevel[Slot(department, l)];
            if (k < at.Count)
            {
                return at[k];
            }

            k -= at.Count;
        }

        throw new InvalidOperationException("unreachable: k is below the total count");
    }

    private static int Slot(int department, int level) => (department * Levels) + (level - 1);
}

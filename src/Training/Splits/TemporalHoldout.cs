using MatchModels.Core.History;

namespace MatchModels.Training.Splits;

/// <summary>The latest cohorts (by their first match) are the test set; everything earlier trains and cross-validates.</summary>
public sealed record TemporalSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test, IReadOnlyList<string> TrainCohorts, IReadOnlyList<string> TestCohorts);

public static class TemporalHoldout
{
    public static TemporalSplit Split(IReadOnlyList<Pair> pairs, int testCohorts)
    {
        var cohorts = pairs
            .GroupBy(p => p.CohortId, StringComparer.Ordinal)
            .Select(g => (Cohort: g.Key, First: g.Min(p => p.MatchedAt)))
            .OrderBy(c => c.First).ThenBy(c => c.Cohort, StringComparer.Ordinal)
            .Select(c => c.Cohort)
            .ToList();
        if (cohorts.Count <= testCohorts)
        {
            throw new TrainingException(
                $"split.test_cohorts is {testCohorts} but the labelled rows come from {cohorts.Count} cohort(s): at least {testCohorts + 1} are needed so that earlier cohorts remain to train on");
        }

        var test = cohorts.TakeLast(testCohorts).ToHashSet(StringComparer.Ordinal);
        var trainRows = new List<int>();
        var testRows = new List<int>();
        for (int i = 0; i < pairs.Count; i++)
        {
            (test.Contains(pairs[i].CohortId) ? testRows : trainRows).Add(i);
        }

        return new TemporalSplit(trainRows, testRows, cohorts.SkipLast(testCohorts).ToList(), cohorts.TakeLast(testCohorts).ToList());
    }
}

using MatchModels.Core.History;
using MatchModels.Training.Splits;

namespace MatchModels.Training.Tests.Splits;

public sealed class GroupFoldsTests
{
    private static readonly DateTime s_t0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Pair P(string id, string mentee, string mentor, string cohort = "c1", int day = 0) =>
        new(id, "prog", cohort, mentee, mentor, s_t0.AddDays(day), MatchSource.Algorithm, true, null, null);

    [Fact]
    public void No_mentor_and_no_mentee_is_on_both_sides_of_any_fold()
    {
        var random = new Random(5);
        var pairs = Enumerable.Range(0, 600)
            .Select(i => P($"p{i}", $"e{random.Next(400)}", $"m{random.Next(120)}"))
            .ToList();

        FoldAssignment folds = GroupFolds.Assign(pairs, folds: 5, seed: 1);

        for (int f = 0; f < 5; f++)
        {
            var inside = folds.Rows(f, inFold: true).Select(i => pairs[i]).ToList();
            var outside = folds.Rows(f, inFold: false).Select(i => pairs[i]).ToList();
            Assert.Empty(inside.Select(p => p.MentorId).Intersect(outside.Select(p => p.MentorId)));
            Assert.Empty(inside.Select(p => p.MenteeId).Intersect(outside.Select(p => p.MenteeId)));
        }
    }

    [Fact]
    public void A_mentee_rematched_to_another_mentor_joins_the_two_mentors_groups()
    {
        Pair[] pairs = [P("a", "e1", "m1"), P("b", "e1", "m2"), P("c", "e2", "m2"), P("d", "e3", "m3")];

        FoldAssignment folds = GroupFolds.Assign(pairs, folds: 2, seed: 1);

        Assert.Equal(2, folds.Groups);
        Assert.Equal(folds.FoldOfRow[0], folds.FoldOfRow[1]);
        Assert.Equal(folds.FoldOfRow[1], folds.FoldOfRow[2]);
        Assert.NotEqual(folds.FoldOfRow[0], folds.FoldOfRow[3]);
        Assert.Equal(0.75, folds.LargestGroupShare);
    }

    [Fact]
    public void Folds_are_balanced_when_groups_are_small()
    {
        var pairs = Enumerable.Range(0, 500).Select(i => P($"p{i}", $"e{i}", $"m{i / 5}")).ToList();

        FoldAssignment folds = GroupFolds.Assign(pairs, folds: 5, seed: 2);

        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(100, folds.Rows(f, inFold: true).Count()));
    }

    [Fact]
    public void Holds_out_the_latest_cohorts_by_first_match()
    {
        Pair[] pairs = [P("a", "e1", "m1", "spring", 100), P("b", "e2", "m1", "autumn", 250), P("c", "e3", "m2", "winter", 10), P("d", "e4", "m2", "autumn", 251)];

        TemporalSplit split = TemporalHoldout.Split(pairs, testCohorts: 1);

        Assert.Equal(["autumn"], split.TestCohorts);
        Assert.Equal(["winter", "spring"], split.TrainCohorts);
        Assert.Equal([1, 3], split.Test);
        Assert.Equal([0, 2], split.Train);
    }

    [Fact]
    public void Refuses_to_hold_out_every_cohort()
    {
        Pair[] pairs = [P("a", "e1", "m1", "c1"), P("b", "e2", "m1", "c2")];

        var e = Assert.Throws<TrainingException>(() => TemporalHoldout.Split(pairs, testCohorts: 2));
        Assert.Contains("test_cohorts", e.Message, StringComparison.Ordinal);
    }
}

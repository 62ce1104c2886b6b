using MatchModels.Training.Pipelines;
using MatchModels.Training.Search;
using Microsoft.ML;

namespace MatchModels.Training.Tests.Search;

public sealed class RandomSearchWithHalvingTests
{
    /// <summary>Two informative features and one noise column, split into 3 folds.</summary>
    private static (List<FoldData> Folds, int Width) Data(int rows = 600, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[rows * 3];
        var y = new bool[rows];
        for (int i = 0; i < rows; i++)
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble();
            x[i * 3] = a;
            x[(i * 3) + 1] = b;
            x[(i * 3) + 2] = (float)random.NextDouble();
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-((4 * a) - (3 * b))));
        }

        var folds = new List<FoldData>();
        for (int f = 0; f < 3; f++)
        {
            int[] valid = Enumerable.Range(0, rows).Where(i => i % 3 == f).ToArray();
            int[] train = Enumerable.Range(0, rows).Where(i => i % 3 != f).ToArray();
            folds.Add(new FoldData(Rows(x, train), train.Select(i => y[i]).ToArray(), Rows(x, valid), valid.Select(i => y[i]).ToArray(), valid));
        }

        return (folds, 3);
    }

    private static float[] Rows(float[] x, int[] rows) => rows.SelectMany(r => x.AsSpan(r * 3, 3).ToArray()).ToArray();

    private static readonly SearchMetric s_auc = new("auc", Auc, HigherIsBetter: true);

    /// <summary>Pairwise AUC, fine for a few hundred rows.</summary>
    private static double Auc(double[] p, bool[] y)
    {
        double wins = 0;
        long n = 0;
        for (int i = 0; i < p.Length; i++)
        {
            for (int j = 0; j < p.Length; j++)
            {
                if (y[i] && !y[j])
                {
                    n++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }

        return wins / n;
    }

    [Fact]
    public void Same_seed_and_trials_give_the_same_leaderboard()
    {
        (var folds, int width) = Data();
        TrainerKind[] trainers = [TrainerKind.LbfgsLogistic, TrainerKind.FastTree, TrainerKind.LightGbm];

        SearchResult a = new RandomSearchWithHalving(trainers, s_auc, 7, TimeProvider.System).Run(folds, width, SearchBudget.OfTrials(5));
        SearchResult b = new RandomSearchWithHalving(trainers, s_auc, 7, TimeProvider.System).Run(folds, width, SearchBudget.OfTrials(5));

        Assert.Equal(5, a.Leaderboard.Count);
        Assert.Equal(
            a.Leaderboard.Select(e => (e.Trial, e.Trainer, e.CvMetric, e.Folds, e.Status)),
            b.Leaderboard.Select(e => (e.Trial, e.Trainer, e.CvMetric, e.Folds, e.Status)));
        Assert.Equal(a.OutOfFoldScores, b.OutOfFoldScores);
    }

    [Fact]
    public void Chooses_the_best_complete_candidate_and_learns_the_signal()
    {
        (var folds, int width) = Data();

        SearchResult r = new RandomSearchWithHalving([TrainerKind.LbfgsLogistic, TrainerKind.FastTree], s_auc, 1, TimeProvider.System).Run(folds, width, SearchBudget.OfTrials(6));

        Assert.Single(r.Leaderboard, e => e.Chosen);
        Assert.Equal(3, r.Chosen.Folds);
        Assert.Equal(r.Leaderboard.Where(e => e.Folds == 3).Max(e => e.CvMetric), r.Chosen.CvMetric);
        Assert.InRange(r.Chosen.CvMetric, 0.7, 1.0);
        Assert.Equal(600, r.OutOfFoldScores.Length);
        Assert.Contains(r.Leaderboard, e => e.Status.StartsWith("stopped by halving", StringComparison.Ordinal));
    }

    [Fact]
    public void A_budget_too_small_for_one_trial_is_refused_with_the_reason()
    {
        (var folds, int width) = Data();

        var e = Assert.Throws<TrainingException>(() =>
            new RandomSearchWithHalving([TrainerKind.FastTree], s_auc, 1, new FrozenAfterFirstFit()).Run(folds, width, SearchBudget.OfTime(TimeSpan.FromSeconds(1))));

        Assert.Contains("too small for even one complete trial", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(3, new[] { 1, 3 })]
    [InlineData(5, new[] { 1, 3, 5 })]
    [InlineData(10, new[] { 1, 3, 9, 10 })]
    public void Rungs_grow_by_eta_up_to_all_folds(int folds, int[] expected) =>
        Assert.Equal(expected, RandomSearchWithHalving.Rungs(folds));

    /// <summary>A clock on which every reading after the first is ten seconds later: the budget runs out after one fit.</summary>
    private sealed class FrozenAfterFirstFit : TimeProvider
    {
        private long _ticks;

        public override long GetTimestamp()
        {
            long now = _ticks;
            _ticks += TimeSpan.FromSeconds(10).Ticks * TimestampFrequency / TimeSpan.TicksPerSecond;
            return now;
        }
    }
}

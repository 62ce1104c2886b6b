using MatchModels.Training.Evaluation;

namespace MatchModels.Training.Tests.Evaluation;

public sealed class PermutationImportanceTests
{
    private const int Rows = 200;
    private static readonly string[] s_names = ["noise_a", "signal", "noise_b", "noise_c"];

    [Fact]
    public void Finds_the_one_informative_column_among_noise()
    {
        (float[] features, bool[] labels) = Data();

        IReadOnlyList<FeatureImportance> importance = PermutationImportance.Run(features, Rows, s_names, labels, Model, repeats: 5, seed: 7);

        Assert.Equal("signal", importance[0].Feature);

        // The model ranks the label perfectly from "signal" (AUC 1); shuffled, it ranks at about chance (AUC ≈ 0.5).
        Assert.InRange(importance[0].Drop, 0.35, 0.65);
        Assert.True(importance[0].Std > 0);

        // The model never reads noise_b or noise_c, so shuffling them cannot move the AUC at all.
        Assert.All(importance.Where(f => f.Feature is "noise_b" or "noise_c"), f => Assert.Equal(new FeatureImportance(f.Feature, 0, 0), f));
        Assert.InRange(importance.Single(f => f.Feature == "noise_a").Drop, -0.05, 0.1);
    }

    [Fact]
    public void Same_seed_gives_the_same_importances_and_leaves_the_features_untouched()
    {
        (float[] features, bool[] labels) = Data();
        float[] before = (float[])features.Clone();

        IReadOnlyList<FeatureImportance> first = PermutationImportance.Run(features, Rows, s_names, labels, Model, repeats: 3, seed: 11);
        IReadOnlyList<FeatureImportance> second = PermutationImportance.Run(features, Rows, s_names, labels, Model, repeats: 3, seed: 11);
        IReadOnlyList<FeatureImportance> other = PermutationImportance.Run(features, Rows, s_names, labels, Model, repeats: 3, seed: 12);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Single(f => f.Feature == "signal").Drop, other.Single(f => f.Feature == "signal").Drop);
        Assert.Equal(before, features);
    }

    [Fact]
    public void Each_shuffle_starts_from_the_real_column()
    {
        // Records every matrix the model is shown: each must differ from the real data in exactly the column being shuffled.
        (float[] features, bool[] labels) = Data();
        var seen = new List<float[]>();
        double[] ReadsEverything(float[] matrix, int rows)
        {
            seen.Add((float[])matrix.Clone());
            return Model(matrix, rows);
        }

        PermutationImportance.Run(features, Rows, s_names, labels, ReadsEverything, repeats: 2, seed: 3);

        // Call 0 is the baseline; then 2 per column. Column 1 ("signal") is shuffled in calls 3 and 4: every other column is intact.
        for (int call = 1; call < seen.Count; call++)
        {
            int shuffled = (call - 1) / 2;
            for (int column = 0; column < s_names.Length; column++)
            {
                bool intact = Enumerable.Range(0, Rows).All(r => seen[call][(r * s_names.Length) + column] == features[(r * s_names.Length) + column]);
                Assert.Equal(column != shuffled, intact);
            }
        }
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        (float[] features, bool[] labels) = Data();

        Assert.Throws<ArgumentException>(() => PermutationImportance.Run(features, Rows - 1, s_names, labels, Model, 1, 1));
        Assert.Throws<ArgumentException>(() => PermutationImportance.Run(features, Rows, s_names, labels[1..], Model, 1, 1));
    }

    /// <summary>Scores rows from the "signal" column, plus a small weight on noise_a, as a trained model might.</summary>
    private static double[] Model(float[] matrix, int rows)
    {
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            scores[r] = (0.9 * matrix[(r * 4) + 1]) + (0.1 * matrix[r * 4]);
        }

        return scores;
    }

    /// <summary>Label is true when "signal" is high; every other column is uniform noise.</summary>
    private static (float[] Features, bool[] Labels) Data()
    {
        var random = new Random(42);
        float[] features = new float[Rows * 4];
        bool[] labels = new bool[Rows];
        for (int r = 0; r < Rows; r++)
        {
            float signal = random.NextSingle();
            labels[r] = signal > 0.5f;

            // Positives in [0.8, 1], negatives in [0, 0.2]: the model's 0.1 × noise term cannot reorder them, so its AUC is exactly 1.
            signal = labels[r] ? 0.6f + (0.4f * signal) : 0.4f * signal;
            features[(r * 4) + 0] = random.NextSingle();
            features[(r * 4) + 1] = signal;
            features[(r * 4) + 2] = random.NextSingle();
            features[(r * 4) + 3] = random.NextSingle();
        }

        return (features, labels);
    }
}

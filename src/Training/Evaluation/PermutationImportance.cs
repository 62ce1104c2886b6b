namespace MatchModels.Training.Evaluation;

/// <summary>
/// Permutation feature importance (Breiman, 2001; Fisher, Rudin &amp; Dominici, 2019): how much the ROC AUC drops when one
/// column's values are shuffled across rows, which breaks that column's link to the label while keeping its distribution.
/// </summary>
public static class PermutationImportance
{
    /// <param name="features">Row-major feature matrix, <paramref name="rows"/> × names.Count. It is not modified: shuffles happen on a copy.</param>
    /// <param name="rows">Number of rows in <paramref name="features"/>.</param>
    /// <param name="names">Column names, in column order.</param>
    /// <param name="labels">True outcome of each row.</param>
    /// <param name="score">The model: takes a row-major matrix and its row count, returns one probability per row.</param>
    /// <param name="repeats">Shuffles per column; the drop is their mean.</param>
    /// <param name="seed">Seeds the shuffles, so the same inputs and seed give the same importances.</param>
    /// <returns>
    /// One entry per column, largest drop first (ties by name). Drop = baseline AUC − mean AUC over the shuffles; Std is the
    /// population standard deviation of the drops over the repeats (as scikit-learn's permutation_importance reports it).
    /// A drop near 0 (or below) means the model does not rely on the column.
    /// </returns>
    public static IReadOnlyList<FeatureImportance> Run(
        float[] features,
        int rows,
        IReadOnlyList<string> names,
        bool[] labels,
        Func<float[], int, double[]> score,
        int repeats,
        int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        int columns = names.Count;
        if ((long)rows * columns != features.Length)
        {
            throw new ArgumentException($"{features.Length} feature values do not make {rows} rows of {columns} named columns.", nameof(features));
        }

        if (labels.Length != rows)
        {
            throw new ArgumentException($"There are {labels.Length} labels for {rows} rows.", nameof(labels));
        }

        double baseline = Auc(score, features, rows, labels);
        if (double.IsNaN(baseline))
        {
            throw new ArgumentException("The labels hold only one class, so AUC (and its drop) is undefined.", nameof(labels));
        }

        float[] working = (float[])features.Clone();
        float[] saved = new float[rows];
        double[] drops = new double[repeats];
        var random = new Random(seed);
        var result = new List<FeatureImportance>(columns);
        for (int column = 0; column < columns; column++)
        {
            for (int r = 0; r < rows; r++)
            {
                saved[r] = working[(r * columns) + column];
            }

            for (int repeat = 0; repeat < repeats; repeat++)
            {
                ShuffleColumn(working, rows, columns, column, random);
                drops[repeat] = baseline - Auc(score, working, rows, labels);

                // Restore before the next shuffle so each repeat (and the next column) starts from the real data.
                for (int r = 0; r < rows; r++)
                {
                    working[(r * columns) + column] = saved[r];
                }
            }

            double mean = drops.Average();
            double variance = drops.Sum(d => (d - mean) * (d - mean)) / repeats;
            result.Add(new FeatureImportance(names[column], mean, Math.Sqrt(variance)));
        }

        return result
            .OrderByDescending(f => f.Drop)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Fisher–Yates (Durstenfeld) shuffle of one column in place: every permutation equally likely.</summary>
    private static void ShuffleColumn(float[] matrix, int rows, int columns, int column, Random random)
    {
        for (int i = rows - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            int a = (i * columns) + column;
            int b = (j * columns) + column;
            (matrix[a], matrix[b]) = (matrix[b], matrix[a]);
        }
    }

    private static double Auc(Func<float[], int, double[]> score, float[] matrix, int rows, bool[] labels)
    {
        double[] scores = score(matrix, rows);
        if (scores.Length != rows)
        {
            throw new InvalidOperationException($"The score function returned {scores.Length} scores for {rows} rows.");
        }

        return BinaryMetrics.RocAuc(scores, labels);
    }
}

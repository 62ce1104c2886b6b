using MatchModels.Core.Features;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Registry;

/// <summary>
/// The reference a version's drift monitoring compares live windows with: a seeded sample of its training feature rows
/// (<see cref="FeaturesFile"/>, one number column per feature, named as the feature) and of its out-of-fold calibrated
/// probabilities with their labels (<see cref="PredictionsFile"/>: probability, label). Both are version files, so the
/// manifest's digests cover them. The summary profile in model.json stays: older versions have only that.
/// </summary>
public sealed record ReferenceSample(FeatureMatrix Features, double[] Probabilities, bool[] Labels)
{
    public const string FeaturesFile = "reference.parquet";
    public const string PredictionsFile = "reference-predictions.parquet";

    /// <summary>5,000 rows: the issue's bound, and the size the drift benchmark measures against.</summary>
    public const int MaxRows = 5000;

    public const string ProbabilityColumn = "probability";
    public const string LabelColumn = "label";

    /// <summary>
    /// At most <see cref="MaxRows"/> of the training rows and, separately, of the out-of-fold predictions, each drawn
    /// without replacement by a generator seeded with <paramref name="seed"/> and kept in their original order, so the
    /// same training gives the same files.
    /// </summary>
    public static ReferenceSample Draw(IReadOnlyList<string> names, ReadOnlySpan<float> rows, int count, IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        int width = names.Count;
        if (rows.Length != count * width)
        {
            throw new ArgumentException($"expected {count} × {width} values, found {rows.Length}", nameof(rows));
        }

        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {labels.Count} labels", nameof(labels));
        }

        var random = new Random(seed);
        int[] kept = Pick(count, random);
        float[] values = new float[kept.Length * width];
        for (int i = 0; i < kept.Length; i++)
        {
            rows.Slice(kept[i] * width, width).CopyTo(values.AsSpan(i * width, width));
        }

        int[] scored = Pick(probabilities.Count, random);
        return new ReferenceSample(
            new FeatureMatrix([.. names], values, kept.Length),
            [.. scored.Select(i => probabilities[i])],
            [.. scored.Select(i => labels[i])]);
    }

    private static int[] Pick(int count, Random random)
    {
        int[] all = [.. Enumerable.Range(0, count)];
        random.Shuffle(all);
        int[] kept = all.Length <= MaxRows ? all : all[..MaxRows];
        Array.Sort(kept);
        return kept;
    }

    /// <summary>Writes <see cref="FeaturesFile"/> and <see cref="PredictionsFile"/> into <paramref name="directory"/>.</summary>
    public async Task WriteAsync(string directory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var columns = new List<TableColumn>(Features.Width);
        for (int c = 0; c < Features.Width; c++)
        {
            var column = new double?[Features.Rows];
            for (int r = 0; r < Features.Rows; r++)
            {
                column[r] = Features.Values[(r * Features.Width) + c];
            }

            columns.Add(TableColumn.From(Features.Names[c], column));
        }

        await TableWriter.WriteAsync(new Table("reference", FeaturesFile, Features.Rows, columns), Path.Combine(directory, FeaturesFile), TableFormat.Parquet, ct);
        var predictions = new Table("reference-predictions", PredictionsFile, Probabilities.Length,
        [
            TableColumn.From(ProbabilityColumn, Probabilities.Select(p => (double?)p).ToArray()),
            TableColumn.From(LabelColumn, Labels.Select(y => (bool?)y).ToArray()),
        ]);
        await TableWriter.WriteAsync(predictions, Path.Combine(directory, PredictionsFile), TableFormat.Parquet, ct);
    }

    /// <summary>
    /// The sample a version keeps, in the order of its manifest's feature names; null when the version has none (it was
    /// registered before samples existed, or imported). Throws <see cref="RegistryException"/> when the files are there but
    /// do not hold what they should.
    /// </summary>
    public static async Task<ReferenceSample?> ReadAsync(ModelVersion version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        string featuresPath = version.PathOf(FeaturesFile);
        string predictionsPath = version.PathOf(PredictionsFile);
        if (!File.Exists(featuresPath) || !File.Exists(predictionsPath))
        {
            return null;
        }

        IReadOnlyList<string> names = version.Manifest.Features.Names;
        RawTable features = await ReadTableAsync(featuresPath, ct);
        float[] values = new float[features.RowCount * names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            double?[] column = Numbers(features, names[c], featuresPath);
            for (int r = 0; r < features.RowCount; r++)
            {
                values[(r * names.Count) + c] = (float)(column[r] ?? double.NaN);
            }
        }

        RawTable predictions = await ReadTableAsync(predictionsPath, ct);
        double[] probabilities = [.. Numbers(predictions, ProbabilityColumn, predictionsPath).Select(p => p ?? double.NaN)];
        RawColumn labels = predictions.Columns.FirstOrDefault(c => c.Name == LabelColumn)
            ?? throw new RegistryException($"{predictionsPath} has no '{LabelColumn}' column", RegistryFailure.Damaged);
        bool[] y = labels.Values is bool?[] b
            ? [.. b.Select(v => v ?? false)]
            : throw new RegistryException($"{predictionsPath}: '{LabelColumn}' is {labels.FoundType}, not boolean", RegistryFailure.Damaged);
        return new ReferenceSample(new FeatureMatrix([.. names], values, features.RowCount), probabilities, y);
    }

    private static async Task<RawTable> ReadTableAsync(string path, CancellationToken ct)
    {
        var problems = new ProblemList();
        return await ParquetTableReader.ReadAsync(path, problems, ct) is { } table && !problems.Any
            ? table
            : throw new RegistryException($"{path} cannot be read: {string.Join("; ", problems.Kept.Select(p => p.Message))}", RegistryFailure.Damaged);
    }

    private static double?[] Numbers(RawTable table, string name, string path)
    {
        RawColumn column = table.Columns.FirstOrDefault(c => c.Name == name)
            ?? throw new RegistryException($"{path} has no column '{name}'", RegistryFailure.Damaged);
        return column.Values as double?[]
            ?? throw new RegistryException($"{path}: column '{name}' is {column.FoundType}, not a number", RegistryFailure.Damaged);
    }
}

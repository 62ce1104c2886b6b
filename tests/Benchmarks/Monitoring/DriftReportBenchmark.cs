using BenchmarkDotNet.Attributes;
using MatchModels.Core.Features;
using MatchModels.Monitoring.Statistics;

namespace MatchModels.Benchmarks.Monitoring;

/// <summary>
/// Issue 12 speed bar: a drift report over 1,000,000 logged predictions × 30 features against a 5,000-row reference in
/// ≤ 5 s and ≤ 1 GB peak (the peak is printed by <c>dotnet run -c Release --project tests/Benchmarks -- drift-peak</c>).
/// The report is every column's default test (a 5,000-row reference takes the distances: normed Wasserstein for the
/// numerical columns, Jensen–Shannon for the binary ones), the dataset verdict and the prediction drift.
/// </summary>
[MemoryDiagnoser]
public class DriftReportBenchmark
{
    private DriftWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = DriftWorkload.Create();

    [Benchmark(Description = "drift report: 1,000,000 rows x 30 features vs 5,000 reference rows")]
    public (DatasetDriftResult Data, FeatureDriftResult Prediction) Report() => _workload.Report();
}

/// <summary>
/// The seeded benchmark data: 20 continuous features (normal, with spread and offsets that differ per column), 5 counts
/// (0–12, Poisson-like) and 5 binary features; the window shifts 3 of the continuous ones so some columns do drift.
/// </summary>
internal sealed class DriftWorkload
{
    public const int ReferenceRows = 5_000;
    public const int WindowRows = 1_000_000;
    public const int Width = 30;

    private DriftWorkload(FeatureMatrix reference, FeatureMatrix window, FeatureKind[] kinds, double[] referenceScores, double[] windowScores)
    {
        Reference = reference;
        Window = window;
        Kinds = kinds;
        ReferenceScores = referenceScores;
        WindowScores = windowScores;
    }

    public FeatureMatrix Reference { get; }

    public FeatureMatrix Window { get; }

    public FeatureKind[] Kinds { get; }

    public double[] ReferenceScores { get; }

    public double[] WindowScores { get; }

    public static DriftWorkload Create()
    {
        string[] names = [.. Enumerable.Range(0, Width).Select(i => $"f{i:D2}")];
        FeatureKind[] kinds = [.. Enumerable.Range(0, Width).Select(i => i >= 25 ? FeatureKind.Categorical : FeatureKind.Numerical)];
        (FeatureMatrix reference, double[] referenceScores) = Draw(names, ReferenceRows, shifted: false, seed: 1);
        (FeatureMatrix window, double[] windowScores) = Draw(names, WindowRows, shifted: true, seed: 2);
        return new DriftWorkload(reference, window, kinds, referenceScores, windowScores);
    }

    public (DatasetDriftResult Data, FeatureDriftResult Prediction) Report() =>
        (DataDrift.Compare(Reference, Window, Kinds), PredictionDrift.Evaluate(ReferenceScores, WindowScores));

    private static (FeatureMatrix Rows, double[] Scores) Draw(string[] names, int rows, bool shifted, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[rows * Width];
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = values.AsSpan(r * Width, Width);
            for (int c = 0; c < 20; c++)
            {
                double shift = shifted && c < 3 ? 0.3 : 0;
                row[c] = (float)(c + ((1 + (c % 4)) * (Normal(random) + shift)));
            }

            for (int c = 20; c < 25; c++)
            {
                row[c] = Math.Min(12, (int)(-Math.Log(1 - random.NextDouble()) * 3));
            }

            for (int c = 25; c < 30; c++)
            {
                row[c] = random.NextDouble() < 0.1 + (0.1 * (c - 25)) ? 1 : 0;
            }

            scores[r] = 1 / (1 + Math.Exp(-(0.3 * row[0]) + 1));
        }

        return (new FeatureMatrix(names, values, rows), scores);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

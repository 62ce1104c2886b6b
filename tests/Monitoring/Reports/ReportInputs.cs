using MatchModels.Core.Features;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Tests.Reports;

/// <summary>Small seeded inputs for the report: a model "m" version 2 with two numerical features a and b, N(0, 1) in the reference.</summary>
internal static class ReportInputs
{
    public static readonly string[] Names = ["a", "b"];

    public static readonly DateTime Day1 = new(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    public static MonitoredVersion Model { get; } = new("m", 2, "pair-success", 0.5, Names, [FeatureKind.Numerical, FeatureKind.Numerical],
        new Dictionary<string, double> { ["roc_auc"] = 0.7 }, 7);

    /// <summary>2,000 reference rows (over the 1,000-row switch: normed Wasserstein, drift at ≥ 0.1) and 2,000 probabilities uniform in [0.1, 0.9].</summary>
    public static ReferenceSample Sample(int seed = 1)
    {
        var random = new Random(seed);
        const int Rows = 2000;
        float[] values = new float[Rows * 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)Normal(random);
        }

        double[] p = [.. Enumerable.Range(0, Rows).Select(_ => 0.1 + (0.8 * random.NextDouble()))];
        bool[] y = [.. p.Select(v => random.NextDouble() < v)];
        return new ReferenceSample(new FeatureMatrix(Names, values, Rows), p, y);
    }

    /// <summary><paramref name="count"/> rows of "m":2 on <paramref name="day"/>, a shifted by <paramref name="shiftA"/>, pair ids "&lt;prefix&gt;-i".</summary>
    public static List<PredictionRecord> Rows(DateTime day, int count, double shiftA, int seed, string prefix, string model = "m", int version = 2, string role = PredictionRecord.PrimaryRole)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new PredictionRecord
        {
            RequestId = $"{prefix}-r{i}",
            TimeUtc = day.AddSeconds(i * 10),
            Model = model,
            Version = version,
            PairId = $"{prefix}-{i}",
            Features = [(float)(Normal(random) + shiftA), (float)Normal(random)],
            Probability = 0.1 + (0.8 * random.NextDouble()),
            Role = role,
        })];
    }

    public static MonitoringInput Input(IReadOnlyList<PredictionRecord> log, IReadOnlyList<LabelledOutcome>? outcomes = null, ReferenceSample? sample = null, FeatureReference? profile = null, WindowSpec? window = null) =>
        new(Model, profile is null ? sample ?? Sample() : sample, profile, log, outcomes ?? [], outcomes is { Count: > 0 } ? ["test"] : [], window ?? WindowSpec.Day, null, null, Day1.AddDays(30));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

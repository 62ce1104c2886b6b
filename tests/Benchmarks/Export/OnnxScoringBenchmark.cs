using BenchmarkDotNet.Attributes;
using MatchModels.Core.Scoring;
using MatchModels.Training.Export;

namespace MatchModels.Benchmarks.Export;

/// <summary>
/// Issue 4's bars for ONNX Runtime on one thread, scoring an exported LightGBM model: a single row in at most
/// 50 µs (median), and batches of 1,000 rows at 200,000 rows/s or more, that is at most 5 ms a batch. Tree
/// walking dominates and grows with the number of trees, so it runs for a mid-sized model (100 trees) and for the
/// largest the search can pick by iterations (500 trees).
/// </summary>
[MedianColumn]
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class OnnxScoringBenchmark
{
    private const int BatchRows = 1_000;

    private OnnxModelScorer _scorer = null!;
    private float[] _x = [];
    private readonly float[] _probabilities = new float[BatchRows];
    private int _next;

    [Params(100, 500)]
    public int Trees { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (var model, _x) = LargeEnsemble.Train(Trees);
        _scorer = OnnxModelScorer.Load(ExportOnnx.Run(model), new OnnxScorerOptions { IntraOpNumThreads = 1 }, LargeEnsemble.Width);
    }

    [GlobalCleanup]
    public void Cleanup() => _scorer.Dispose();

    [Benchmark]
    public float SingleRow()
    {
        // A different row each call, so no cache sees the same path twice in a row.
        int r = _next = (_next + 1) % LargeEnsemble.Rows;
        _scorer.Score(_x.AsSpan(r * LargeEnsemble.Width, LargeEnsemble.Width), 1, _probabilities);
        return _probabilities[0];
    }

    [Benchmark]
    public float BatchOf1000()
    {
        int start = _next = (_next + BatchRows) % (LargeEnsemble.Rows - BatchRows);
        _scorer.Score(_x.AsSpan(start * LargeEnsemble.Width, BatchRows * LargeEnsemble.Width), BatchRows, _probabilities);
        return _probabilities[BatchRows - 1];
    }
}

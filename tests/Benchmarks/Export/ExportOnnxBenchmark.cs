using BenchmarkDotNet.Attributes;
using MatchModels.Training;
using MatchModels.Training.Export;

namespace MatchModels.Benchmarks.Export;

/// <summary>Issue 4's bar: exporting a 500-tree, 31-leaf ensemble to ONNX bytes takes at most 1 s.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ExportOnnxBenchmark
{
    private TrainedModel _model = null!;

    [GlobalSetup]
    public void Setup() => _model = LargeEnsemble.Train().Model;

    [Benchmark]
    public byte[] Export500TreeLightGbm() => ExportOnnx.Run(_model);
}

using BenchmarkDotNet.Attributes;
using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Benchmarks.Features;

/// <summary>Pair-success features for all 50k pairs of the large history: snapshots at each match date, then the matrix.</summary>
[MemoryDiagnoser]
public class PairFeaturesBenchmark
{
    private PointInTimeHistory _history = null!;
    private FittedFeatureState _state = null!;
    private FittedFeatureState _dropoutState = null!;
    private readonly PairFeatureBuilder _dropout = PairFeatureBuilder.Dropout(30);

    [GlobalSetup]
    public void Setup()
    {
        HistoryLoadResult r = LoadProgrammeHistory.FromDirectoryAsync(LargeHistory.Ensure()).GetAwaiter().GetResult();
        _history = new PointInTimeHistory(r.History!);
        _state = PairFeatureBuilder.PairSuccess.Fit(PairFeatureBuilder.PairSuccess.Snapshots(_history, _history.History.Pairs));
        _dropoutState = _dropout.Fit(_dropout.Snapshots(_history, _history.History.Pairs));
    }

    [Benchmark]
    public FeatureMatrix PairSuccessFeaturesForAllPairs()
    {
        PairFeatureBuilder b = PairFeatureBuilder.PairSuccess;
        return b.Build(b.Snapshots(_history, _history.History.Pairs), _state);
    }

    [Benchmark]
    public FeatureMatrix DropoutFeaturesForAllPairs()
    {
        return _dropout.Build(_dropout.Snapshots(_history, _history.History.Pairs), _dropoutState);
    }
}

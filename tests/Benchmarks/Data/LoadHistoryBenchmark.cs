using BenchmarkDotNet.Attributes;
using MatchModels.Core.History;

namespace MatchModels.Benchmarks.Data;

/// <summary>Loading and validating the large history from Parquet: all four tables, every check.</summary>
[MemoryDiagnoser]
public class LoadHistoryBenchmark
{
    private string _dir = "";

    [GlobalSetup]
    public void Setup() => _dir = LargeHistory.Ensure();

    [Benchmark]
    public async Task<long> LoadAndValidateParquet()
    {
        HistoryLoadResult r = await LoadProgrammeHistory.FromDirectoryAsync(_dir);
        if (!r.Ok)
        {
            throw new InvalidOperationException(r.Problems[0].Message);
        }

        return r.Files.Sum(f => (long)f.Rows);
    }
}

using BenchmarkDotNet.Attributes;
using MatchModels.Core.History;

namespace MatchModels.Benchmarks.Data;

/// <summary>
/// Loading and validating the large history from Parquet: all four tables, every check. Server GC, as the
/// `matchmodels` program runs with it (src/Cli/MatchModels.Cli.csproj).
/// </summary>
[MemoryDiagnoser]
[GcServer(true)]
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

using BenchmarkDotNet.Attributes;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;

namespace MatchModels.Benchmarks.Serving;

/// <summary>
/// Issue 5 speed bars (a) in-process scoring of 1,000 raw pairs (features + ONNX) ≥ 200k pairs/s, and (b) rank of one
/// mentee against 20,000 mentors ≤ 50 ms. The model is trained once on the sample (lenient gates, 2 trials); the pairs
/// are the sample's real profiles. Rank is measured warm (the mentor pool's texts prepared by an earlier call, as for an
/// HR platform ranking mentees against its pool) and cold (a fresh scorer, every text prepared in the call). Issue 11
/// item 8: each is measured for the linear model and for a LightGBM model of at least 100 trees
/// (<see cref="TrainBenchmarkModel"/>).
/// </summary>
[MemoryDiagnoser]
public class PairScoringBenchmark
{
    [Params(TrainBenchmarkModel.Linear, TrainBenchmarkModel.LightGbm)]
    public string Model { get; set; } = TrainBenchmarkModel.Linear;

    private string _dir = "";
    private PairScorer _scorer = null!;
    private ModelVersion _version = null!;
    private List<PairSnapshot> _pairs = [];
    private Participant _mentee = null!;
    private List<MentorCandidate> _mentors = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mm-bench-serving-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        string registry = Path.Combine(_dir, "models");
        TrainBenchmarkModel.Run(Model, registry, _dir);
        string sample = Path.Combine(Root(), "data", "sample");
        _version = new ModelRegistry(registry).Open(ModelReference.Parse("pair-success"));
        _scorer = PairScorer.Open(_version);

        var history = new PointInTimeHistory(LoadProgrammeHistory.FromDirectoryAsync(sample).GetAwaiter().GetResult().History!);
        _pairs = [.. PairFeatureBuilder.PairSuccess.Snapshots(history, history.History.Pairs.Take(1000))];
        _mentee = _pairs[0].Mentee;

        // 20,000 distinct mentors: the sample's mentors, each copy with its own id and a numbered goals text so no two share a prepared text.
        Participant[] pool = [.. history.History.Participants.Where(p => p.Role == Role.Mentor)];
        _mentors = [.. Enumerable.Range(0, 20_000).Select(i =>
        {
            Participant m = pool[i % pool.Length];
            return new MentorCandidate(m with { ParticipantId = $"m{i}", GoalsText = m.GoalsText + " cohort" + (i / pool.Length), MentorCapacity = 3 }, MentorTrackRecord.None);
        })];
        RankWarm();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "score 1,000 raw pairs (features + ONNX)", OperationsPerInvoke = 1)]
    public float[] Score1000() => _scorer.Score(_pairs);

    [Benchmark(Description = "rank 1 mentee x 20,000 mentors, warm")]
    public RankResult RankWarm() => RankMentors.Run(_scorer, _mentee, null, _mentors, new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), new RankFilters(SharedLanguage: false, NotSameReportingLine: false, FreeCapacity: false), 10);

    [Benchmark(Description = "rank 1 mentee x 20,000 mentors, cold (fresh scorer)")]
    public RankResult RankCold()
    {
        using PairScorer fresh = PairScorer.Open(_version);
        return RankMentors.Run(fresh, _mentee, null, _mentors, new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), new RankFilters(SharedLanguage: false, NotSameReportingLine: false, FreeCapacity: false), 10);
    }

    private static string Root()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MatchModels.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("MatchModels.sln not found");
    }
}

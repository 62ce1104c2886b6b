using System.Diagnostics;
using BenchmarkDotNet.Running;
using MatchModels.Benchmarks;
using MatchModels.Core.Features;
using MatchModels.Core.History;

// `peak` runs the whole issue-2 path once (load + validate + pair features) in a fresh process and
// prints its peak working set, which BenchmarkDotNet's allocation counts do not show.
if (args is ["peak"])
{
    string dir = LargeHistory.Ensure();
    var clock = Stopwatch.StartNew();
    HistoryLoadResult r = await LoadProgrammeHistory.FromDirectoryAsync(dir);
    long rows = r.Files.Sum(f => (long)f.Rows);
    TimeSpan load = clock.Elapsed;
    var history = new PointInTimeHistory(r.History!);
    PairFeatureBuilder b = PairFeatureBuilder.PairSuccess;
    var snapshots = b.Snapshots(history, history.History.Pairs);
    FeatureMatrix m = b.Build(snapshots, b.Fit(snapshots));
    Console.WriteLine($"rows {rows:N0} (sessions {r.History!.Sessions.Count:N0}), load+validate {load.TotalSeconds:F2} s, " +
        $"{m.Rows:N0} pairs x {m.Width} features in {(clock.Elapsed - load).TotalSeconds:F2} s (fit included), " +
        $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
    return;
}

// `drift-peak` runs the issue-12 drift report once in a fresh process: its time and peak working set (data included).
if (args is ["drift-peak"])
{
    var workload = MatchModels.Benchmarks.Monitoring.DriftWorkload.Create();
    long before = Process.GetCurrentProcess().PeakWorkingSet64;
    var clock = Stopwatch.StartNew();
    var (data, prediction) = workload.Report();
    Console.WriteLine($"{workload.Window.Rows:N0} rows x {workload.Window.Width} features vs {workload.Reference.Rows:N0}: " +
        $"{clock.Elapsed.TotalSeconds:F2} s, {data.DriftedFeatures} drifted ({string.Join(", ", data.Features.Where(f => f.Drifted).Select(f => f.Feature))}), " +
        $"prediction {prediction.Method} {prediction.Score:F3}; peak working set {before / (1024.0 * 1024):F0} MiB after the data, " +
        $"{Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB after the report");
    return;
}

// `baselines PIPELINE DATA RUN` compares a pipeline's run with ML.NET models on the tables' raw columns (issue 13).
if (args is ["baselines", string pipelineFile, string historyDir, string runDir])
{
    Environment.ExitCode = await MatchModels.Benchmarks.Training.Baselines.RunAsync(pipelineFile, historyDir, runDir);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(LargeHistory).Assembly).Run(args);

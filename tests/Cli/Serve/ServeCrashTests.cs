using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Cli.Tests.Serve;

/// <summary>
/// <c>matchmodels serve</c> killed with SIGKILL right after a burst of acknowledged predictions, then started again on
/// the same log folder: every prediction that was answered 200 is in the log's Parquet files once the new process is up.
/// </summary>
public sealed class ServeCrashTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    /// <summary>The bar: at least 5,000 acknowledged predictions before the kill.</summary>
    internal const int Acknowledged = 5_000;

    /// <summary>Concurrent clients, each with its own connection, so that fsyncs are shared by several requests and some are in flight at the kill.</summary>
    internal const int Clients = 8;

    /// <summary>A burst on a slow, shared machine; the test fails rather than loop past it.</summary>
    private static readonly TimeSpan s_burstLimit = TimeSpan.FromMinutes(3);

    [PosixFact]
    public async Task A_kill_9_right_after_5000_acknowledged_predictions_loses_none_of_them()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string key = await ServeEndToEndTests.PromoteAndCreateKeyAsync(registry, dir);
        string log = dir["log"];
        string[] args = ["--registry", registry.Path, "--keys", dir["keys.json"], "--prediction-log", log];
        DateOnly firstDay = DateOnly.FromDateTime(DateTime.UtcNow);
        ConcurrentDictionary<string, int> acknowledged;
        await using (ServeProcess first = await ServeProcess.StartAsync(new Dictionary<string, string>(), args))
        {
            acknowledged = await BurstAsync(first, key);
            CliProcess.Result killed = await first.KillAsync();
            Assert.True(killed.ExitCode == 137, $"expected death by SIGKILL: {ServeProcess.Describe(killed)}");
        }

        Assert.InRange(acknowledged.Count, Acknowledged, Acknowledged + Clients - 1);
        string wal = Path.Combine(log, PredictionLogReader.PredictionsFolder, "_wal");
        Assert.True(Directory.EnumerateFiles(wal, "*.wal").Any(), "the killed process must have left its write-ahead log: nothing compacted it");

        await using ServeProcess second = await ServeProcess.StartAsync(new Dictionary<string, string>(), args);

        // Read as soon as the new process answers: it replays dead processes' segments before it serves.
        await ServeEndToEndTests.AssertLoggedExactlyAsync(log, firstDay, acknowledged);
        Assert.Empty(Directory.EnumerateFiles(wal, "*.wal"));
    }

    [PosixFact]
    public async Task Where_file_locks_do_not_hold_no_segment_is_replayed_because_a_live_replica_could_not_be_told_from_a_dead_one()
    {
        using TempDir registry = trained.Copy();
        using var dir = new TempDir();
        string log = dir["log"];
        string wal = Path.Combine(log, PredictionLogReader.PredictionsFolder, "_wal");
        Directory.CreateDirectory(wal);
        string segment = Path.Combine(wal, "20250101T000000000Z-0123456789abcdef0123456789abcdef-000001.wal");
        await File.WriteAllTextAsync(segment, "MMWAL01\n");
        // .NET's switch that turns flock(2) off, as a network file system without locks would.
        var noLocks = new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" };

        CliProcess.Result exit;
        await using (ServeProcess server = await ServeProcess.StartAsync(noLocks, "--registry", registry.Path, "--prediction-log", log))
        {
            exit = await server.KillAsync();
        }

        Assert.True(File.Exists(segment), "a segment must not be replayed when its owner's liveness cannot be known");
        Assert.Contains("File locks do not hold", exit.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// <see cref="Clients"/> clients send single-pair predicts; the answer that makes <see cref="Acknowledged"/> kills the
    /// server at once (SIGKILL) while the other clients' requests are in flight: those are cut, or were answered just
    /// before and count as acknowledged. Returns every acknowledged request id.
    /// </summary>
    internal static async Task<ConcurrentDictionary<string, int>> BurstAsync(ServeProcess server, string key)
    {
        var acknowledged = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        using var limit = new CancellationTokenSource(s_burstLimit);
        int answered = 0;
        bool killed = false;

        async Task ClientAsync(int client)
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            for (int i = 0; !Volatile.Read(ref killed) && !limit.IsCancellationRequested; i++)
            {
                string body;
                HttpStatusCode status;
                try
                {
                    using HttpResponseMessage response = await http.SendAsync(ServeEndToEndTests.Keyed(key, ServeEndToEndTests.Body($"mentee-{client}-{i}", pairs: 1)), limit.Token);
                    body = await response.Content.ReadAsStringAsync(limit.Token);
                    status = response.StatusCode;
                }
                catch (HttpRequestException) when (Volatile.Read(ref killed))
                {
                    // Cut by the kill: never answered, so never acknowledged.
                    return;
                }

                if (status != HttpStatusCode.OK)
                {
                    failures.Enqueue($"client {client} request {i}: {(int)status} {body}");
                    return;
                }

                Assert.True(acknowledged.TryAdd(JsonDocument.Parse(body).RootElement.GetProperty("request_id").GetString()!, 1), "request ids repeat");
                if (Interlocked.Increment(ref answered) == Acknowledged)
                {
                    Volatile.Write(ref killed, true);
                    server.Kill();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c))));
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));
        Assert.False(limit.IsCancellationRequested, $"only {answered} predictions answered within {s_burstLimit.TotalMinutes} minutes");
        return acknowledged;
    }
}

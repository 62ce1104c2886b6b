using System.Globalization;
using System.Text;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;

namespace MatchModels.Cli.Tests.Monitor;

/// <summary>
/// <c>matchmodels monitor</c> through the real program: a registry trained on the sample, and a prediction log written
/// with Core's writer holding two stationary weeks (rows drawn from the version's own reference sample) and two weeks in
/// which two features are shifted.
/// </summary>
public sealed class MonitorCommandTests(TrainedRegistryFixture trained) : IClassFixture<TrainedRegistryFixture>
{
    private const string Name = "pair-success";
    private const int RowsPerWeek = 800;
    private static readonly DateTime s_monday = new(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] s_shifted = ["availability_min_h", "level_gap"];

    [Fact]
    public async Task Registers_a_reference_sample_covered_by_the_digests()
    {
        ModelVersion version = new ModelRegistry(trained.Registry).Open(ModelReference.Parse($"{Name}:1"));

        ReferenceSample sample = (await ReferenceSample.ReadAsync(version))!;

        Assert.Contains(ReferenceSample.FeaturesFile, version.Manifest.Digests.Files.Keys);
        Assert.Contains(ReferenceSample.PredictionsFile, version.Manifest.Digests.Files.Keys);
        Assert.InRange(sample.Features.Rows, 100, ReferenceSample.MaxRows);
        Assert.Equal(version.Manifest.Features.Names, sample.Features.Names);
        Assert.Equal(sample.Probabilities.Length, sample.Labels.Length);
        Assert.All(sample.Probabilities, p => Assert.InRange(p, 0, 1));
        Assert.Contains(true, sample.Labels);
        // The training rows' summary and the sample agree on every feature's range.
        for (int c = 0; c < sample.Features.Width; c++)
        {
            FeatureSummary summary = version.Manifest.Reference!.Features[c];
            double min = Enumerable.Range(0, sample.Features.Rows).Min(r => sample.Features.Values[(r * sample.Features.Width) + c]);
            Assert.True(min >= summary.Min - 1e-4, $"{summary.Name}: sample min {min} below training min {summary.Min}");
        }
    }

    [Fact]
    public async Task Flags_the_shifted_features_in_the_shifted_weeks_only()
    {
        using var dir = new TempDir();
        string log = dir["log"];
        ModelVersion version = new ModelRegistry(trained.Registry).Open(ModelReference.Parse($"{Name}:1"));
        await WriteLogAsync(version, log);
        string outcomes = dir["outcomes.csv"];
        await File.WriteAllTextAsync(outcomes, Outcomes());

        CliProcess.Result r = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--outcomes", outcomes, "--window", "week", "--out", dir["report"], "--registry", trained.Registry, "--json");

        JsonElement root = TrainedRegistryFixture.Json(r);
        JsonElement report = root.GetProperty("report");
        Assert.Equal("sample", report.GetProperty("reference").GetProperty("source").GetString());
        JsonElement[] windows = [.. report.GetProperty("windows").EnumerateArray()];
        Assert.Equal(["2025-W10", "2025-W11", "2025-W12", "2025-W13"], windows.Select(w => w.GetProperty("label").GetString()));
        for (int k = 0; k < windows.Length; k++)
        {
            string[] drifted = [.. windows[k].GetProperty("data_drift").GetProperty("features").EnumerateArray()
                .Where(f => f.GetProperty("drifted").GetBoolean()).Select(f => f.GetProperty("feature").GetString()!)];
            if (k < 2)
            {
                Assert.True(drifted.Length == 0, $"stationary week {k + 1} flagged {string.Join(", ", drifted)}");
            }
            else
            {
                Assert.Equal(s_shifted.Order(StringComparer.Ordinal), drifted.Order(StringComparer.Ordinal));
                Assert.True(windows[k].GetProperty("multivariate").GetProperty("drifted").GetBoolean());
            }
        }

        JsonElement logSummary = report.GetProperty("log");
        Assert.Equal((4 * RowsPerWeek) + 3, logSummary.GetProperty("monitored").GetInt32());
        Assert.Equal(3, logSummary.GetProperty("monitored_shadow").GetInt32());
        Assert.Equal(5, logSummary.GetProperty("other_versions").GetInt32());
        Assert.Equal(4, logSummary.GetProperty("other_models").GetInt32());
        JsonElement outcome = report.GetProperty("outcomes");
        Assert.Equal(100, outcome.GetProperty("joined_rows").GetInt32());
        Assert.Equal(2, outcome.GetProperty("unknown").GetInt32());
        Assert.Equal(1, outcome.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, outcome.GetProperty("before_prediction").GetInt32());
        Assert.Equal(100, windows[0].GetProperty("labelled").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, windows[0].GetProperty("realised").GetProperty("auc").GetProperty("estimate").ValueKind);
        Assert.Equal(100, report.GetProperty("detectors").GetProperty("values").GetInt32());
        string html = await File.ReadAllTextAsync(Path.Combine(dir["report"], "report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("availability_min_h: reference (blue) vs latest window", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir["report"], "report.json")));
    }

    [Fact]
    public async Task Prints_a_summary_table_and_writes_under_the_registry_by_default()
    {
        using var dir = new TempDir();
        using TempDir registry = trained.Copy();
        string log = dir["log"];
        await WriteLogAsync(new ModelRegistry(registry.Path).Open(ModelReference.Parse($"{Name}:1")), log);

        CliProcess.Result r = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--registry", registry.Path);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("2025-W12", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("drift", r.Stdout, StringComparison.Ordinal);
        string monitoring = Path.Combine(registry.Path, Name, "monitoring");
        string folder = Assert.Single(Directory.GetDirectories(monitoring));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public async Task Records_the_drift_alerts_once_and_sends_them_to_a_loopback_webhook()
    {
        using var dir = new TempDir();
        using TempDir registry = trained.Copy();
        string log = dir["log"];
        await WriteLogAsync(new ModelRegistry(registry.Path).Open(ModelReference.Parse($"{Name}:1")), log);
        using var receiver = new LoopbackReceiver();

        CliProcess.Result first = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--webhook", receiver.Url.ToString(), "--webhook-format", "slack", "--registry", registry.Path, "--json");
        int sent = receiver.Requests.Count;
        CliProcess.Result second = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--webhook", receiver.Url.ToString(), "--webhook-format", "slack", "--registry", registry.Path);

        JsonElement alerts = TrainedRegistryFixture.Json(first).GetProperty("alerts");
        // Two shifted features of many are below the dataset-drift share; the domain classifier sees them (see above).
        string[] multivariate = [.. alerts.GetProperty("new").EnumerateArray().Where(a => a.GetProperty("rule").GetString() == "multivariate_drift").Select(a => a.GetProperty("window").GetString()!)];
        string[] windows = [.. alerts.GetProperty("new").EnumerateArray().Select(a => a.GetProperty("window").GetString()!).Distinct()];
        int raised = alerts.GetProperty("new").GetArrayLength();
        Assert.Equal(["2025-W12", "2025-W13"], multivariate.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("2025-W10", windows);
        Assert.DoesNotContain("2025-W11", windows);
        Assert.Equal(raised, sent);
        Assert.All(alerts.GetProperty("deliveries").EnumerateArray(), d => Assert.True(d.GetProperty("delivered").GetBoolean()));
        Assert.All(receiver.Requests, r => Assert.Contains("MatchModels alert", r.Body, StringComparison.Ordinal));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"alerts: 0 new, {raised} raised by an earlier run", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(sent, receiver.Requests.Count);
        Assert.Equal(raised, File.ReadAllLines(Path.Combine(registry.Path, Name, "monitoring", "alerts.jsonl")).Length);
        Assert.DoesNotContain(receiver.Url.AbsolutePath, await File.ReadAllTextAsync(Path.Combine(registry.Path, Name, "monitoring", "deliveries.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_webhooks_it_cannot_use_before_writing_anything()
    {
        using var dir = new TempDir();
        using TempDir registry = trained.Copy();
        string log = dir["log"];
        await WriteLogAsync(new ModelRegistry(registry.Path).Open(ModelReference.Parse($"{Name}:1")), log);

        CliProcess.Result unsigned = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--webhook", "http://127.0.0.1:9/hook", "--registry", registry.Path);
        CliProcess.Result notUrl = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--webhook", "hooks.example.com/x", "--webhook-format", "slack", "--registry", registry.Path);
        CliProcess.Result format = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--webhook", "http://127.0.0.1:9/hook", "--webhook-format", "discord", "--registry", registry.Path);

        Assert.True(unsigned.ExitCode == 2, unsigned.ToString());
        Assert.Contains("MATCHMODELS_WEBHOOK_SECRET is not set", unsigned.Stderr, StringComparison.Ordinal);
        Assert.True(notUrl.ExitCode == 2, notUrl.ToString());
        Assert.Contains("'hooks.example.com/x' is not an absolute http or https URL", notUrl.Stderr, StringComparison.Ordinal);
        Assert.True(format.ExitCode == 2, format.ToString());
        Assert.Contains("'discord' is not generic, slack or teams", format.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(registry.Path, Name, "monitoring")), "a refused run writes nothing");
    }

    [Fact]
    public async Task Refuses_bad_evidence_with_exit_1_and_bad_input_with_exit_2()
    {
        using var dir = new TempDir();
        string log = dir["log"];
        ModelVersion version = new ModelRegistry(trained.Registry).Open(ModelReference.Parse($"{Name}:1"));
        await WriteLogAsync(version, log);

        CliProcess.Result empty = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--since", "2030-01-01", "--out", dir["a"], "--registry", trained.Registry);
        CliProcess.Result unknown = await CliProcess.RunAsync("monitor", "no-such-model", "--log", log, "--out", dir["b"], "--registry", trained.Registry);
        CliProcess.Result window = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--window", "fortnight", "--registry", trained.Registry);
        string damaged = Directory.EnumerateFiles(Path.Combine(log, PredictionLogReader.PredictionsFolder), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        byte[] bytes = await File.ReadAllBytesAsync(damaged);
        await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length / 3)]);
        CliProcess.Result truncated = await CliProcess.RunAsync("monitor", $"{Name}:1", "--log", log, "--out", dir["c"], "--registry", trained.Registry);

        Assert.True(empty.ExitCode == 1, empty.ToString());
        Assert.Contains("holds no prediction of pair-success:1", empty.Stderr, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.True(window.ExitCode == 2, window.ToString());
        Assert.Contains("fortnight", window.Stderr, StringComparison.Ordinal);
        Assert.True(truncated.ExitCode == 1, truncated.ToString());
        Assert.Contains(Path.GetFileName(damaged), truncated.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["a"]) || Directory.Exists(dir["c"]), "a refused run writes no report");
    }

    /// <summary>
    /// Four weeks of <see cref="RowsPerWeek"/> rows of version 1, each a reference row drawn with replacement (seeded);
    /// in weeks 3 and 4 the <see cref="s_shifted"/> features move by three of their training deviations. Beside them:
    /// 3 shadow rows of version 1, 5 rows of version 2 and 4 of another model, which the report must skip and count.
    /// </summary>
    private static async Task WriteLogAsync(ModelVersion version, string log)
    {
        ReferenceSample sample = (await ReferenceSample.ReadAsync(version))!;
        int width = sample.Features.Width;
        int[] shifted = [.. s_shifted.Select(n => sample.Features.IndexOf(n))];
        double[] stds = [.. s_shifted.Select(n => version.Manifest.Reference!.Features.First(f => f.Name == n).Std)];
        var random = new Random(11);
        var rows = new List<PredictionRecord>();
        for (int week = 0; week < 4; week++)
        {
            for (int i = 0; i < RowsPerWeek; i++)
            {
                float[] features = sample.Features.Row(random.Next(sample.Features.Rows)).ToArray();
                if (week >= 2)
                {
                    for (int s = 0; s < shifted.Length; s++)
                    {
                        features[shifted[s]] += (float)(3 * stds[s]);
                    }
                }

                rows.Add(Row($"w{week}-{i}", s_monday.AddDays(7 * week).AddMinutes(i * 10), 1, features, sample.Probabilities[random.Next(sample.Probabilities.Length)]));
            }
        }

        float[] any = sample.Features.Row(0).ToArray();
        rows.AddRange(Enumerable.Range(0, 3).Select(i => Row($"shadow-{i}", s_monday.AddHours(i), 1, any, 0.5) with { Role = PredictionRecord.ShadowRole }));
        rows.AddRange(Enumerable.Range(0, 5).Select(i => Row($"v2-{i}", s_monday.AddHours(i), 2, any, 0.5)));
        rows.AddRange(Enumerable.Range(0, 4).Select(i => Row($"other-{i}", s_monday.AddHours(i), 1, [1, 2], 0.5) with { Model = "dropout" }));
        await DayPartitionedParquet.WriteAsync(Path.Combine(log, PredictionLogReader.PredictionsFolder), rows, r => r.TimeUtc, s_monday.AddDays(30));
    }

    private static PredictionRecord Row(string pair, DateTime time, int version, float[] features, double p) => new()
    {
        RequestId = "req-" + pair,
        TimeUtc = time,
        Model = Name,
        Version = version,
        PairId = pair,
        Features = features,
        Probability = p,
        Role = PredictionRecord.PrimaryRole,
    };

    /// <summary>Outcomes for the first 100 rows of week 1 (labelled by a seeded draw), two unknown pairs, a duplicate and one dated before its prediction.</summary>
    private static string Outcomes()
    {
        var text = new StringBuilder("pair_id,success,observed_at\n");
        var random = new Random(5);
        string at = s_monday.AddDays(60).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        for (int i = 0; i < 100; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"w0-{i},{(random.NextDouble() < 0.4 ? "true" : "false")},{at}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"nobody-1,true,{at}\nnobody-2,false,{at}\nw0-0,true,{at}\n");
        text.Append("w1-5,true,2025-03-01T00:00:00Z\n");
        return text.ToString();
    }
}

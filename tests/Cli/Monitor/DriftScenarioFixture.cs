using System.Globalization;
using System.Text;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;

namespace MatchModels.Cli.Tests.Monitor;

/// <summary>
/// Issue 12's drift scenarios at a size CI can run (tests/Scenarios/run.sh replays them on 20,000 pairs): pair-success
/// trained once on a seed-1 history of <see cref="Mentees"/> pairs, then seed-2 histories of the same size without
/// drift, with profile drift and with concept drift (mild and strong) from the middle cohort (<see cref="ChangeDate"/>), each scored with
/// <c>predict --log</c>, labelled from the predictions' own labels and monitored with <c>monitor --time as-of</c> in
/// windows of <see cref="WindowRows"/> rows. The pipeline turns the domain classifier off: these scenarios are about
/// per-feature drift, realised performance and the detectors, and the classifier is most of the monitor's time.
/// </summary>
public sealed class DriftScenarioFixture : IAsyncLifetime, IDisposable
{
    public const int Mentees = 3000;
    public const int WindowRows = 500;

    /// <summary>The start of the fourth of six cohorts (2023-01-09 + 3 × 147 days), where the generator's drift begins by default.</summary>
    public static readonly DateTime ChangeDate = new(2024, 3, 25, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDir _dir = new();

    public JsonElement Stationary { get; private set; }

    public JsonElement Profile { get; private set; }

    public JsonElement Concept { get; private set; }

    public JsonElement Overhaul { get; private set; }

    public async Task InitializeAsync()
    {
        string registry = _dir["models"];
        string pipeline = _dir["pair-success.yaml"];
        string yaml = (await File.ReadAllTextAsync(TrainedRegistryFixture.Pipeline))
            .Replace("max_ece: 0.05", "max_ece: 0.5", StringComparison.Ordinal)
            .Replace("max_fairness_gap: 0.10", "max_fairness_gap: 1.0", StringComparison.Ordinal)
            + $"\nmonitoring:\n  window: {WindowRows}\n  multivariate: off\n";
        await File.WriteAllTextAsync(pipeline, yaml);
        await Generate(_dir["train"], seed: 1, "none");
        TrainedRegistryFixture.Json(await CliProcess.RunAsync("train", pipeline, "--trials", "2", "--data", _dir["train"], "--registry", registry, "--json"));

        Stationary = await Replay("stationary", "none", registry);
        Profile = await Replay("profile", "profile", registry);
        Concept = await Replay("concept", "concept", registry);
        Overhaul = await Replay("overhaul", "overhaul", registry);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The windows of a replay's report.</summary>
    public static JsonElement[] WindowsOf(JsonElement replay) => [.. replay.GetProperty("report").GetProperty("windows").EnumerateArray()];

    /// <summary>The features a window flagged.</summary>
    public static string[] Flagged(JsonElement window) => [.. window.GetProperty("data_drift").GetProperty("features").EnumerateArray()
        .Where(f => f.GetProperty("drifted").GetBoolean()).Select(f => f.GetProperty("feature").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>Whether a window's rows were all decided on or after the change.</summary>
    public static bool AfterChange(JsonElement window) => window.GetProperty("start").GetDateTime().ToUniversalTime() >= ChangeDate;

    private static async Task Generate(string folder, int seed, string drift) =>
        Assert.Equal(0, (await CliProcess.RunAsync("data", "generate", "--out", folder, "--mentees", $"{Mentees}", "--mentors", $"{Mentees / 3}", "--seed", $"{seed}", "--drift", drift)).ExitCode);

    private async Task<JsonElement> Replay(string name, string drift, string registry)
    {
        string data = _dir[name];
        await Generate(data, seed: 2, drift);
        string predictions = _dir[name + "-predictions.csv"];
        string log = _dir[name + "-log"];
        CliProcess.Result scored = await CliProcess.RunAsync("predict", "pair-success:1", "--data", data, "--out", predictions, "--log", log, "--registry", registry);
        Assert.True(scored.ExitCode == 0, scored.ToString());
        string outcomes = _dir[name + "-outcomes.csv"];
        await File.WriteAllTextAsync(outcomes, OutcomesOf(await File.ReadAllLinesAsync(predictions)));
        return TrainedRegistryFixture.Json(await CliProcess.RunAsync(
            "monitor", "pair-success:1", "--log", log, "--outcomes", outcomes, "--time", "as-of", "--out", _dir[name + "-report"], "--registry", registry, "--json"));
    }

    /// <summary>
    /// One outcome per labelled prediction, keyed as the log keys the pair (mentee_id→mentor_id) and observed when its
    /// 90-day label window has closed (tests/Scenarios/write_outcomes.py does the same for the script).
    /// </summary>
    private static string OutcomesOf(string[] predictions)
    {
        string[] header = predictions[0].Split(',');
        int mentee = Array.IndexOf(header, "mentee_id"), mentor = Array.IndexOf(header, "mentor_id");
        int asOf = Array.IndexOf(header, "as_of"), label = Array.IndexOf(header, "label");
        var text = new StringBuilder("pair_id,success,observed_at\n");
        foreach (string line in predictions.Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells[label].Length == 0)
            {
                continue;
            }

            DateTime observed = DateTime.Parse(cells[asOf], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).AddDays(90);
            text.Append(CultureInfo.InvariantCulture, $"{cells[mentee]}→{cells[mentor]},{cells[label]},{observed:yyyy-MM-dd'T'HH:mm:ss'Z'}\n");
        }

        return text.ToString();
    }
}

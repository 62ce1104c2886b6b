using System.Globalization;
using System.Text.Json;
using MatchModels.Cli.Tests.Models;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;

namespace MatchModels.Cli.Tests.Predict;

/// <summary><c>matchmodels predict --pairs</c>: the same class, so the same trained registry, as the history's tests.</summary>
public sealed partial class PredictCommandTests
{
    [Fact]
    public async Task Pairs_of_the_history_listed_at_their_matched_at_score_exactly_as_the_whole_history_scores_them()
    {
        ProgrammeHistory history = await SampleAsync();
        // Every seventh pair, out of file order, across all cohorts: a pair's score must not depend on which others are listed.
        Pair[] listed = [.. history.Pairs.Where((_, i) => i % 7 == 3).Reverse()];
        using var dir = new TempDir();
        string pairs = dir["listed.parquet"];
        await TableWriter.WriteAsync(
            new Table("pairs-to-score", "listed.parquet", listed.Length,
            [
                TableColumn.From("pair_id", listed.Select(p => (string?)p.PairId).ToArray()),
                TableColumn.From("mentee_id", listed.Select(p => (string?)p.MenteeId).ToArray()),
                TableColumn.From("mentor_id", listed.Select(p => (string?)p.MentorId).ToArray()),
                TableColumn.From("as_of", listed.Select(p => (DateTime?)p.MatchedAt).ToArray()),
            ]),
            pairs,
            TableFormat.Parquet);

        CliProcess.Result[] runs = await Task.WhenAll(
            CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--out", dir["all.csv"], "--registry", trained.Registry),
            CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--pairs", pairs, "--out", dir["listed.csv"], "--registry", trained.Registry, "--json"));

        Assert.True(runs[0].ExitCode == 0, runs[0].ToString());
        JsonElement result = TrainedRegistryFixture.Json(runs[1]);
        Assert.Equal(listed.Length, result.GetProperty("pairs").GetInt32());
        Assert.Equal(Path.GetFullPath(pairs), result.GetProperty("pairs_file").GetString());
        Assert.False(result.TryGetProperty("default_as_of", out _), "the file gives every as_of");
        (string header, Dictionary<string, string> all) = await CsvRowsAsync(dir["all.csv"]);
        (string listedHeader, Dictionary<string, string> scored) = await CsvRowsAsync(dir["listed.csv"]);
        Assert.Equal(header, listedHeader);
        Assert.Equal(listed.Select(p => p.PairId), scored.Keys);

        // Whole rows: the as_of, the probability and the observed label, to the last digit.
        Assert.All(listed, p => Assert.Equal(all[p.PairId], scored[p.PairId]));
    }

    [Fact]
    public async Task Proposed_pairs_without_as_of_are_scored_as_of_the_run_from_the_history_with_no_label()
    {
        ProgrammeHistory history = await SampleAsync();
        Participant mentee = history.Participants.First(p => p.Role == Role.Mentee);
        Participant[] mentors = [.. history.Participants.Where(p => p.Role == Role.Mentor && !history.Pairs.Any(x => x.MenteeId == mentee.ParticipantId && x.MentorId == p.ParticipantId)).Take(2)];
        using var dir = new TempDir();
        string pairs = dir["proposed.csv"];
        await File.WriteAllTextAsync(pairs, $"mentee_id,mentor_id\n{mentee.ParticipantId},{mentors[0].ParticipantId}\n{mentee.ParticipantId},{mentors[1].ParticipantId}\n");
        DateTime before = DateTime.UtcNow.AddSeconds(-1);

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--pairs", pairs, "--out", dir["p.csv"], "--registry", trained.Registry);

        DateTime after = DateTime.UtcNow;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("the time of this run", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("scored 2 of 2 pairs", r.Stderr, StringComparison.Ordinal);
        string[] lines = await File.ReadAllLinesAsync(dir["p.csv"]);
        Assert.Equal("pair_id,mentee_id,mentor_id,as_of,model,version,probability,label", lines[0]);
        string[][] rows = [.. lines.Skip(1).Select(l => l.Split(','))];
        Assert.Equal(["row-1", "row-2"], rows.Select(c => c[0]));
        Assert.All(rows, c => Assert.Equal(string.Empty, c[7]));
        DateTime asOf = DateTime.Parse(rows[0][3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(asOf, before, after);
        Assert.Equal(rows[0][3], rows[1][3]);
        Assert.Contains($"as of {rows[0][3]}", r.Stdout, StringComparison.Ordinal);

        // The mentor's load and record come from the history as of that instant, through the training snapshot code.
        ModelVersion version = new ModelRegistry(trained.Registry).Open(ModelReference.Parse($"{Name}:1"));
        using PairScorer scorer = PairScorer.Open(version);
        var index = new PointInTimeHistory(history);
        float[] expected = scorer.Score([.. mentors.Select(m => index.ProposalSnapshot(mentee.ParticipantId, m.ParticipantId, asOf))]);
        Assert.Equal(expected.Select(p => (double)p), rows.Select(c => double.Parse(c[6], CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, int, string> BadPairsFiles => new()
    {
        { "missing file", 2, "does not exist" },
        { "unknown extension", 2, "unknown extension '.xlsx'" },
        { "output exists", 2, "already exists" },
        { "empty file", 1, "empty file" },
        { "missing column", 1, "missing required column: expected a column 'mentor_id'" },
        { "unknown mentee", 1, "row 2, column mentee_id: dangling reference: expected a participant_id of participants, found \"nobody\"" },
        { "mentee is a mentor", 1, "row 1, column mentee_id: wrong role" },
        { "bad as_of", 1, "row 1, column as_of: wrong type" },
    };

    [Theory]
    [MemberData(nameof(BadPairsFiles))]
    public async Task A_bad_pairs_file_is_refused_with_its_reason_and_nothing_is_written(string bad, int exitCode, string reason)
    {
        ProgrammeHistory history = await SampleAsync();
        string mentee = history.Participants.First(p => p.Role == Role.Mentee).ParticipantId;
        string mentor = history.Participants.First(p => p.Role == Role.Mentor && !history.Pairs.Any(x => x.MenteeId == mentee && x.MentorId == p.ParticipantId)).ParticipantId;
        string good = $"mentee_id,mentor_id,as_of\n{mentee},{mentor},2025-06-01T00:00:00Z\n";
        using var input = new TempDir();
        using var output = new TempDir();
        string pairs = input["pairs.csv"];
        string outPath = output["p.csv"];
        switch (bad)
        {
            case "missing file":
                break;
            case "unknown extension":
                pairs = input["pairs.xlsx"];
                await File.WriteAllTextAsync(pairs, good);
                break;
            case "output exists":
                await File.WriteAllTextAsync(pairs, good);
                await File.WriteAllTextAsync(outPath, "keep me");
                break;
            case "empty file":
                await File.WriteAllTextAsync(pairs, string.Empty);
                break;
            case "missing column":
                await File.WriteAllTextAsync(pairs, $"mentee_id,as_of\n{mentee},2025-06-01T00:00:00Z\n");
                break;
            case "unknown mentee":
                await File.WriteAllTextAsync(pairs, $"{good}nobody,{mentor},2025-06-01T00:00:00Z\n");
                break;
            case "mentee is a mentor":
                await File.WriteAllTextAsync(pairs, $"mentee_id,mentor_id\n{mentor},{mentor}\n");
                break;
            case "bad as_of":
                await File.WriteAllTextAsync(pairs, $"mentee_id,mentor_id,as_of\n{mentee},{mentor},01/06/2025\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bad), bad, "no such case");
        }

        CliProcess.Result r = await CliProcess.RunAsync("predict", $"{Name}:1", "--data", RepoPaths.Sample, "--pairs", pairs, "--out", outPath, "--registry", trained.Registry);

        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(reason, r.Stderr, StringComparison.Ordinal);
        Assert.Contains(bad == "output exists" ? outPath : pairs, r.Stderr, StringComparison.Ordinal);
        if (bad == "output exists")
        {
            Assert.Equal("keep me", await File.ReadAllTextAsync(outPath));
            Assert.Single(Directory.EnumerateFileSystemEntries(output.Path));
        }
        else
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
        }
    }

    /// <summary>The header and each data line keyed by its pair_id; the written values hold no commas.</summary>
    private static async Task<(string Header, Dictionary<string, string> Rows)> CsvRowsAsync(string path)
    {
        string[] lines = await File.ReadAllLinesAsync(path);
        return (lines[0], lines.Skip(1).ToDictionary(l => l[..l.IndexOf(',', StringComparison.Ordinal)], StringComparer.Ordinal));
    }
}

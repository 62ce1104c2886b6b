using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.ApiKeys;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;
using MatchModels.Training;
using Microsoft.AspNetCore.Hosting;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>A version trained with declared columns (ADR 0021), served: profiles carry them, and bad ones are named.</summary>
public sealed class DeclaredColumnsModel : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();

    public string Data => _dir["data"];

    public string Registry => _dir["models"];

    public string KeysFile => _dir["keys.json"];

    public string Key { get; private set; } = "";

    public int Version { get; private set; }

    public async Task InitializeAsync()
    {
        await HistoryWithColumns.WriteSampleAsync(Data, TableFormat.Csv);
        string pipeline = await HistoryWithColumns.WritePipelineAsync(_dir.Path);
        TrainResult r = await new TrainPipeline(TimeProvider.System).RunAsync(new TrainRequest(pipeline, Registry, Data, 1, Trials: 2));
        Version = r.Record.Registration!.Version!.Value;
        Key = ManageApiKeys.Create(KeysFile, "tests", [ApiKeyScopes.Score], DateTime.UtcNow).Key;
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class DeclaredColumnsServingTests(DeclaredColumnsModel model) : IClassFixture<DeclaredColumnsModel>
{
    private Uri Predict => new($"/v1/models/pair-success/predict?version={model.Version}", UriKind.Relative);

    private Uri Rank => new($"/v1/models/pair-success/rank?version={model.Version}", UriKind.Relative);

    private HttpClient Client(out IDisposable host)
    {
        var factory = new KeyedHost(model.Key).WithWebHostBuilder(b =>
        {
            b.UseSetting("Serving:Registry", model.Registry);
            b.UseSetting("Serving:KeysFile", model.KeysFile);
            b.UseSetting("Serving:PredictionLog:Folder", Path.Combine(model.Registry, "..", "log"));
            b.UseSetting("Serving:RateLimit:PermitLimit", "0");
        });
        host = factory;
        return factory.CreateClient();
    }

    /// <summary>The participant as a profile: every schema field and its declared columns under their declared names.</summary>
    private static JsonObject Profile(Participant p)
    {
        var o = new JsonObject
        {
            ["participant_id"] = p.ParticipantId,
            ["joined_at"] = p.JoinedAt.ToString("O", CultureInfo.InvariantCulture),
            ["department"] = p.Department,
            ["site"] = p.Site,
            ["timezone_offset_h"] = p.TimezoneOffsetH,
            ["job_level"] = p.JobLevel,
            ["tenure_years"] = p.TenureYears,
            ["manager_id"] = p.ManagerId,
            ["languages"] = new JsonArray([.. p.Languages!.Select(l => (JsonNode)l)]),
            ["skills"] = new JsonArray([.. p.Skills!.Select(l => (JsonNode)l)]),
            ["goals_text"] = p.GoalsText,
            ["availability_h_per_month"] = p.AvailabilityHPerMonth,
            ["mentor_capacity"] = p.MentorCapacity,
        };
        foreach ((string name, CustomValue v) in p.Custom!)
        {
            o[name] = name switch
            {
                "remote" => v.Number is { } b ? b == 1 : null,
                "clubs" => new JsonArray([.. v.Items!.Select(i => (JsonNode)i)]),
                _ => v.Text is { } t ? t : v.Number is { } n ? n : null,
            };
        }

        return o;
    }

    private async Task<(PairSnapshot Snapshot, JsonObject Body)> HistoryPairAsync(int index)
    {
        using PairScorer scorer = PairScorer.Open(new ModelRegistry(model.Registry).Open("pair-success", model.Version));
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(model.Data, scorer.DeclaredColumns);
        var history = new PointInTimeHistory(loaded.History!);
        Pair pair = loaded.History!.Pairs[index];
        PairSnapshot s = history.Snapshot(pair, pair.MatchedAt, withEngagement: false);
        var body = new JsonObject
        {
            ["mentee"] = Profile(s.Mentee),
            ["mentor"] = Profile(s.Mentor),
            ["as_of"] = s.AsOf.ToString("O", CultureInfo.InvariantCulture),
            ["same_reporting_line"] = s.SameReportingLine,
            ["mentor_record"] = new JsonObject { ["active_pairs"] = s.MentorRecord.ActivePairs, ["prior_pairs"] = s.MentorRecord.PriorPairs, ["prior_completed"] = s.MentorRecord.PriorCompleted },
        };
        return (s, body);
    }

    private static async Task<JsonElement[]> ErrorsAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        return [.. (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()];
    }

    [Fact]
    public async Task Profiles_with_the_declared_fields_score_exactly_as_the_history_does()
    {
        using HttpClient client = Client(out IDisposable host);
        using (host)
        {
            var pairs = new List<(PairSnapshot, JsonObject)>();
            for (int i = 0; i < 20; i++)
            {
                pairs.Add(await HistoryPairAsync(i * 7));
            }

            HttpResponseMessage r = await client.PostAsJsonAsync(Predict, new JsonObject { ["pairs"] = new JsonArray([.. pairs.Select(p => (JsonNode)p.Item2)]) });

            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            float[] served = [.. (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("probability").GetSingle())];
            using PairScorer scorer = PairScorer.Open(new ModelRegistry(model.Registry).Open("pair-success", model.Version));
            Assert.Equal(scorer.Score([.. pairs.Select(p => p.Item1)]), served);
            Assert.Contains(pairs, p => p.Item1.Mentee.Custom!["rating"].IsMissing || p.Item1.Mentor.Custom!["rating"].IsMissing);
        }
    }

    [Fact]
    public async Task Explanations_name_declared_features_in_plain_words()
    {
        using HttpClient client = Client(out IDisposable host);
        using (host)
        {
            (_, JsonObject pair) = await HistoryPairAsync(3);

            HttpResponseMessage r = await client.PostAsJsonAsync(new Uri(Predict + "&explain=true&top=100", UriKind.Relative), new JsonObject { ["pairs"] = new JsonArray(pair) });

            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            JsonElement[] contributions = [.. (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0].GetProperty("contributions").EnumerateArray()];
            JsonElement band = contributions.Single(c => c.GetProperty("feature").GetString() == "custom_band_same");
            Assert.Equal("same band", band.GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task A_missing_required_declared_field_an_unknown_field_and_a_value_outside_the_declared_ones_are_each_named()
    {
        using HttpClient client = Client(out IDisposable host);
        using (host)
        {
            (_, JsonObject pair) = await HistoryPairAsync(0);
            JsonObject mentee = pair["mentee"]!.AsObject(), mentor = pair["mentor"]!.AsObject();
            mentee.Remove("band");
            mentor["band"] = "intern";
            mentor["bnad"] = "mid";
            mentee["rating"] = null; // optional: a null is a missing value, not an error
            mentee.Remove("ethnicity"); // audit-only: never required

            JsonElement[] errors = await ErrorsAsync(await client.PostAsJsonAsync(Predict, new JsonObject { ["pairs"] = new JsonArray(pair) }));

            Assert.Equal(
                ["$.pairs[0].mentee.band", "$.pairs[0].mentor.band", "$.pairs[0].mentor.bnad"],
                errors.Select(e => e.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
            Assert.Contains(errors, e => e.GetProperty("message").GetString() == "unknown value 'intern': expected one of junior, mid, senior");
            Assert.Contains(errors, e => e.GetProperty("message").GetString()!.StartsWith("unknown field: a profile holds the participants schema's fields and the columns this version declares (band, rating, remote, clubs, ethnicity)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_declared_field_of_the_wrong_type_is_named()
    {
        using HttpClient client = Client(out IDisposable host);
        using (host)
        {
            (_, JsonObject pair) = await HistoryPairAsync(0);
            pair["mentor"]!["remote"] = "yes";
            pair["mentee"]!["clubs"] = "chess";

            JsonElement[] errors = await ErrorsAsync(await client.PostAsJsonAsync(Predict, new JsonObject { ["pairs"] = new JsonArray(pair) }));

            Assert.Equal(
                [("$.pairs[0].mentee.clubs", "expected an array of strings, found a string"), ("$.pairs[0].mentor.remote", "expected true or false, found a string")],
                errors.Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("message").GetString()!)).Order());
        }
    }

    [Fact]
    public async Task Rank_reads_the_declared_fields_of_the_mentee_and_every_mentor()
    {
        using HttpClient client = Client(out IDisposable host);
        using (host)
        {
            (_, JsonObject a) = await HistoryPairAsync(0);
            (_, JsonObject b) = await HistoryPairAsync(1);
            JsonObject badMentor = b["mentor"]!.DeepClone().AsObject();
            badMentor.Remove("remote");
            var body = new JsonObject
            {
                ["mentee"] = a["mentee"]!.DeepClone(),
                ["as_of"] = a["as_of"]!.DeepClone(),
                ["filters"] = new JsonObject { ["shared_language"] = false, ["not_same_reporting_line"] = false, ["free_capacity"] = false },
                ["mentors"] = new JsonArray(a["mentor"]!.DeepClone(), b["mentor"]!.DeepClone()),
            };

            HttpResponseMessage ok = await client.PostAsJsonAsync(Rank, body);
            body["mentors"]!.AsArray().Add(badMentor);
            JsonElement[] errors = await ErrorsAsync(await client.PostAsJsonAsync(Rank, body));

            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(2, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("top").GetArrayLength());
            Assert.Equal("$.mentors[2].remote", Assert.Single(errors).GetProperty("path").GetString());
        }
    }
}

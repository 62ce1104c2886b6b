using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Core.History;
using MatchModels.Serving.Scoring;
using MatchModels.Serving.Security;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>
/// The rank body is read from the stream one mentor at a time: the largest pool the API allows (50,000 mentors
/// shaped like the sample's, with every field of data/schemas/participants.schema.json) is ranked, one more is
/// refused by name, and the fields may come in any order.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class ReadRankBodyTests(TrainedModels models, ITestOutputHelper output)
{
    private const int MaxCandidates = 50_000;
    private static readonly Uri s_rank = new("/v1/models/pair-success/rank", UriKind.Relative);

    [Fact]
    public async Task Fifty_thousand_sample_shaped_mentors_are_ranked_within_the_body_limit()
    {
        (byte[] body, int bytesPerMentor) = await SampleRankBody(MaxCandidates);
        Assert.True(body.Length > new SecurityOptions().MaxBodyBytes, "the body no longer exceeds the other routes' limit, so the test shows nothing about rank's own");
        long retained = await RetainedByParsing(body);
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsync(s_rank, Json(body));

        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
        JsonElement result = JsonDocument.Parse(text).RootElement;
        Assert.Equal(MaxCandidates, result.GetProperty("candidates").GetInt32());
        int eligible = result.GetProperty("eligible").GetInt32();
        Assert.InRange(eligible, 1, MaxCandidates);
        float[] p = [.. result.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("probability").GetSingle())];
        Assert.Equal(Math.Min(10, eligible), p.Length);
        Assert.Equal(p.OrderDescending(), p);
        output.WriteLine($"body {body.Length / 1e6:0.0} MB ({bytesPerMentor} bytes a mentor), {eligible} eligible; the parsed request holds {retained / 1e6:0.0} MB ({retained / MaxCandidates} bytes a mentor)");
    }

    [Fact]
    public async Task Rank_has_its_own_body_limit_and_the_other_routes_keep_theirs()
    {
        using var host = models.Host(null, ("Serving:MaxBodyBytes", "500"), ("Serving:MaxRankBodyBytes", "20000"));
        using HttpClient client = host.CreateClient();
        var small = new JsonObject { ["mentee"] = Bodies.Mentee(), ["mentors"] = new JsonArray([.. Enumerable.Range(0, 5).Select(i => Bodies.Mentor($"m-{i}"))]), ["as_of"] = "2025-03-01T00:00:00Z" };
        var large = new JsonObject { ["mentee"] = Bodies.Mentee(), ["mentors"] = new JsonArray([.. Enumerable.Range(0, 100).Select(i => Bodies.Mentor($"m-{i}"))]), ["as_of"] = "2025-03-01T00:00:00Z" };
        Assert.InRange(Encoding.UTF8.GetByteCount(small.ToJsonString()), 501, 20000);

        HttpResponseMessage ranked = await client.PostAsJsonAsync(s_rank, small);
        HttpResponseMessage tooLarge = await client.PostAsync(s_rank, Json(Encoding.UTF8.GetBytes(large.ToJsonString())));
        HttpResponseMessage predict = await client.PostAsync(new Uri("/v1/models/pair-success/predict", UriKind.Relative), Json(Encoding.UTF8.GetBytes(Bodies.Predict().ToJsonString())));

        Assert.Equal(HttpStatusCode.OK, ranked.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("at most 20000 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, predict.StatusCode);
        Assert.Contains("at most 500 bytes", await predict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_mentor_past_the_limit_is_refused_naming_the_limit()
    {
        (byte[] body, _) = await SampleRankBody(MaxCandidates + 1);
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsync(s_rank, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        JsonElement error = Assert.Single((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("$.mentors", error.GetProperty("path").GetString());
        Assert.Equal("50001 candidates is more than the maximum of 50000", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Mentors_before_the_mentee_and_as_of_are_read_the_same()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        var mentorsFirst = new JsonObject
        {
            ["top"] = 2,
            ["mentors"] = new JsonArray(Bodies.Mentor("a"), Bodies.Mentor("b", timezone: 5)),
            ["filters"] = new JsonObject { ["max_timezone_gap_h"] = 2 },
            ["mentee"] = Bodies.Mentee(),
            ["as_of"] = "2025-03-01T00:00:00Z",
        };

        HttpResponseMessage r = await client.PostAsJsonAsync(s_rank, mentorsFirst);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement result = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1, 1), (result.GetProperty("candidates").GetInt32(), result.GetProperty("eligible").GetInt32(), result.GetProperty("removed").GetProperty("timezone_gap").GetInt32()));
        Assert.Equal("a", result.GetProperty("top")[0].GetProperty("mentor_id").GetString());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"mentee": {}, "mentors": [""", "$", "not valid JSON" },
        { """[1, 2]""", "$", "expected an object, found an array" },
        { """{"mentors": [1], "as_of": "2025-03-01T00:00:00Z"}""", "$.mentors[0]", "expected an object, found a number" },
        { """{"mentors": {"a": 1}, "as_of": "2025-03-01T00:00:00Z"}""", "$.mentors", "expected an array of mentor profiles, found an object" },
        { """{"as_of": "2025-03-01T00:00:00Z", "mentors": []} {"x": 1}""", "$", "not valid JSON" },
        { """{"as_of": "2025-03-01T00:00:00Z", "mentors": [], "mentors": []}""", "$.mentors", "given more than once" },
        { """{"as_of": "2025-03-01T00:00:00Z", "as_of": "2025-03-02T00:00:00Z", "mentors": []}""", "$.as_of", "given more than once" },
        { """{"as_of": "2025-03-01T00:00:00Z"}""", "$.mentors", "required field is missing" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_broken_body_is_a_problem_naming_where(string body, string path, string message)
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();

        HttpResponseMessage r = await client.PostAsync(s_rank, Json(Encoding.UTF8.GetBytes(body)));

        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode}: {text}");
        JsonElement[] errors = [.. JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray()];
        Assert.Contains(errors, e => e.GetProperty("path").GetString() == path && e.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_of_bad_mentors_names_at_most_the_first_hundred_problems()
    {
        using var host = models.Host();
        using HttpClient client = host.CreateClient();
        var body = new StringBuilder("""{"mentee": {}, "as_of": "2025-03-01T00:00:00Z", "mentors": [""");
        body.AppendJoin(',', Enumerable.Repeat("1", 5_000)).Append("]}");

        HttpResponseMessage r = await client.PostAsync(s_rank, Json(Encoding.UTF8.GetBytes(body.ToString())));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        int errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetArrayLength();
        Assert.InRange(errors, 100, 120);
    }

    /// <summary>The managed memory the parsed request keeps (its candidates and fields), read outside a host so nothing else is counted.</summary>
    private static async Task<long> RetainedByParsing(byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body, writable: false);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        RankRequest parsed = await ReadRankBody.ReadAsync(http, MaxCandidates, DateTime.UtcNow);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(MaxCandidates, parsed.Mentors.Count);
        GC.KeepAlive(parsed);
        return after - before;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// A rank body of <paramref name="count"/> mentors: the sample's own mentor profiles, every field as the
    /// participants schema has it, repeated under new ids; a sample mentee; as_of when the last of them had joined.
    /// </summary>
    private static async Task<(byte[] Body, int BytesPerMentor)> SampleRankBody(int count)
    {
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample);
        ProgrammeHistory history = loaded.History ?? throw new InvalidOperationException("the sample does not load");
        Participant[] mentors = [.. history.Participants.Where(p => p.Role == Role.Mentor)];
        Participant mentee = history.Participants.First(p => p.Role == Role.Mentee);
        DateTime asOf = history.Participants.Max(p => p.JoinedAt);

        // What an HR platform knows of each mentor's load and record, from the sample's own pairs.
        Dictionary<string, (int Active, int Prior, int Completed)> records = history.Pairs.GroupBy(p => p.MentorId).ToDictionary(
            g => g.Key,
            g => (g.Count(p => p.EndedAt is null), g.Count(p => p.EndedAt is not null), g.Count(p => p.EndReason == EndReason.Completed)));
        using var stream = new MemoryStream();
        long mentorBytes;
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("mentee");
            Profile(w, mentee, mentee.ParticipantId, null);
            w.WriteString("as_of", asOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("top", 10);
            w.WriteStartArray("mentors");
            w.Flush();
            long start = stream.Length;
            for (int i = 0; i < count; i++)
            {
                Participant m = mentors[i % mentors.Length];
                Profile(w, m, $"{m.ParticipantId}-{i / mentors.Length}", records.GetValueOrDefault(m.ParticipantId));
            }

            w.Flush();
            mentorBytes = stream.Length - start;
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return (stream.ToArray(), (int)(mentorBytes / count));
    }

    private static void Profile(Utf8JsonWriter w, Participant p, string id, (int Active, int Prior, int Completed)? record)
    {
        w.WriteStartObject();
        w.WriteString("participant_id", id);
        w.WriteString("programme_id", p.ProgrammeId);
        w.WriteString("cohort_id", p.CohortId);
        w.WriteString("role", EnumNames.Of(p.Role));
        w.WriteString("joined_at", p.JoinedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("department", p.Department);
        w.WriteString("site", p.Site);
        w.WriteNumber("timezone_offset_h", p.TimezoneOffsetH!.Value);
        w.WriteNumber("job_level", p.JobLevel!.Value);
        w.WriteNumber("tenure_years", p.TenureYears!.Value);
        if (p.ManagerId is not null)
        {
            w.WriteString("manager_id", p.ManagerId);
        }

        w.WriteStartArray("languages");
        foreach (string l in p.Languages!)
        {
            w.WriteStringValue(l);
        }

        w.WriteEndArray();
        w.WriteStartArray("skills");
        foreach (string s in p.Skills!)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteString("goals_text", p.GoalsText);
        w.WriteNumber("availability_h_per_month", p.AvailabilityHPerMonth!.Value);
        w.WriteNumber("mentor_capacity", p.MentorCapacity!.Value);
        if (p.Gender is not null)
        {
            w.WriteString("gender", p.Gender);
        }

        if (p.AgeBand is not null)
        {
            w.WriteString("age_band", p.AgeBand);
        }

        if (record is { } r)
        {
            w.WriteStartObject("mentor_record");
            w.WriteNumber("active_pairs", r.Active);
            w.WriteNumber("prior_pairs", r.Prior);
            w.WriteNumber("prior_completed", r.Completed);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}

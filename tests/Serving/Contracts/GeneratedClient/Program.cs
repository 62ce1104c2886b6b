// Calls every route of the scoring API through the client Kiota generated from the live OpenAPI document, with
// typed request builders and models only, as an HR platform's .NET team would. Arguments: BASE_URL KEY LIMITED_KEY.
// Prints "ok <scenario>" per scenario that behaved as documented, "FAIL <scenario>: why" otherwise; exits 1 on any failure.
using MatchModels.Client;
using MatchModels.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

const string Model = "pair-success";
DateTimeOffset asOf = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
string baseUrl = args[0];
MatchModelsClient client = Client(baseUrl, args[1]);
int failures = 0;

async Task Scenario(string name, Func<Task> run)
{
    try
    {
        await run();
        Console.WriteLine($"ok {name}");
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
    }
}

await Scenario("predict with explain", async () =>
{
    PredictResponse r = Must(await client.V1.Models[Model].Predict.PostAsync(new PredictRequest { Pairs = [Pair()] }, c =>
    {
        c.QueryParameters.Explain = true;
        c.QueryParameters.Top = 3;
    }));
    PairPrediction p = Single(r.Predictions);
    Check(r.Model == Model && r.Version == 1 && r.Alias == "champion" && !string.IsNullOrEmpty(r.RequestId), "model, version 1, champion, request id");
    Check(p.Probability is > 0 and < 1 && p.Label == (p.Probability >= r.Threshold), "probability and its label");
    Check(p.Contributions is { Count: 3 } && p.Contributions.All(x => !string.IsNullOrEmpty(x.Description)), "three explained contributions");
});

await Scenario("rank", async () =>
{
    RankResponse r = Must(await client.V1.Models[Model].Rank.PostAsync(new RankRequest
    {
        Mentee = Mentee(),
        Mentors = [RankMentor("m-1", "fr"), RankMentor("m-2", "de")],
        AsOf = asOf,
        Top = 5,
        Filters = new RankFilters { SharedLanguage = true },
    }));
    Check(r.Candidates == 2 && r.Eligible == 1 && r.Removed?.SharedLanguage == 1, "one mentor removed for sharing no language");
    Check(Single(r.Top).MentorId == "m-1", "the French-speaking mentor ranked");
});

await Scenario("outcomes", async () =>
{
    OutcomesAccepted r = Must(await client.V1.Outcomes.PostAsync(new OutcomesRequest
    {
        Outcomes = [new Outcome { PairId = "p-1→p-2", Success = true, ObservedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }],
    }));
    Check(r.Accepted == 1 && !string.IsNullOrEmpty(r.RequestId), "one outcome accepted, under the server's request id");
});

await Scenario("v2 server metadata", async () =>
{
    ServerMetadata r = Must(await client.V2.GetAsync());
    Check(r.Name == "matchmodels" && r.Version?.Contains('+', StringComparison.Ordinal) == true && r.Extensions is { Count: 0 }, "name, version+commit, no extensions");
});

int width = 0;
string input = "";
await Scenario("v2 model metadata", async () =>
{
    ModelMetadata r = Must(await client.V2.Models[Model].GetAsync());
    TensorMetadata tensor = Single(r.Inputs);
    (input, width) = (tensor.Name ?? "", tensor.Shape?[1] ?? 0);
    Check(width > 0 && r.Outputs?.Select(o => o.Name).SequenceEqual(["probability", "label"]) == true, "one input, probability and label outputs");
    ModelMetadata v2 = Must(await client.V2.Models[Model].Versions[2].GetAsync());
    Check(v2.Versions?.SequenceEqual(["1", "2"]) == true, "both versions listed");
});

await Scenario("ready", async () =>
{
    Check(Must(await client.V2.Health.Live.GetAsync()).Live == true, "live");
    Check(Must(await client.V2.Health.Ready.GetAsync()).Ready == true, "server ready");
    Check(Must(await client.V2.Models[Model].Ready.GetAsync()) is { Ready: true, Version: "1" }, "champion ready");
    Check(Must(await client.V2.Models[Model].Versions[2].Ready.GetAsync()) is { Ready: true, Version: "2" }, "version 2 ready");
});

await Scenario("infer without version", async () =>
{
    InferResponse r = Must(await client.V2.Models[Model].Infer.PostAsync(Infer()));
    CheckInfer(r, "1");
});

await Scenario("infer with version", async () =>
{
    InferResponse r = Must(await client.V2.Models[Model].Versions[2].Infer.PostAsync(Infer()));
    CheckInfer(r, "2");
});

await Scenario("metrics", async () => Check(Must(await client.Metrics.GetAsync()).Contains("matchmodels_http_requests_total", StringComparison.Ordinal), "request counter"));

await Scenario("a bad body is a typed problem", async () =>
{
    PairToScore pair = Pair();
    pair.Mentee!.Site = null;
    Problem p = await Refused(() => client.V1.Models[Model].Predict.PostAsync(new PredictRequest { Pairs = [pair] }));
    Check(p.Status == 400 && p.ResponseStatusCode == 400 && !string.IsNullOrEmpty(p.RequestId), "400 with a request id");
    Check(Single(p.Errors).Path == "$.pairs[0].mentee.site" && p.Errors![0].Message == "required field is missing", "the missing field's path");
});

await Scenario("a missing key is a typed problem", async () =>
{
    var anonymous = new MatchModelsClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = baseUrl });
    Problem p = await Refused(() => anonymous.V1.Models[Model].Predict.PostAsync(new PredictRequest { Pairs = [Pair()] }));
    Check(p.Status == 401 && Single(p.Errors).Path == "header.Authorization" && p.Error == p.Detail, "401 naming the Authorization header");
});

await Scenario("a rate-limited key is a typed problem", async () =>
{
    MatchModelsClient limited = Client(baseUrl, args[2]);
    for (int i = 0; i < 100; i++)
    {
        try
        {
            // Kiota's retry handler would wait out Retry-After (an hour here) and retry; this caller wants the 429 itself.
            await limited.V2.Models[Model].Ready.GetAsync(c => c.Options.Add(new RetryHandlerOption { MaxRetry = 0 }));
        }
        catch (Problem p)
        {
            Check(p.Status == 429 && p.Title == "Too many requests" && p.Errors is { Count: 0 } && !string.IsNullOrEmpty(p.RequestId), "429 with its title and request id");
            return;
        }
    }

    throw new InvalidOperationException("no 429 after 100 requests");
});

return failures == 0 ? 0 : 1;

InferRequest Infer() => new()
{
    Id = "client-1",
    Inputs = [new InferInput { Name = input, Shape = [2, width], Datatype = InferInput_datatype.FP32, Data = [.. Enumerable.Range(0, 2 * width).Select(i => (double?)(i % 5 * 0.5))] }],
};

void CheckInfer(InferResponse r, string version)
{
    Check(r.ModelName == Model && r.ModelVersion == version && r.Id == "client-1", $"model, version {version}, the request's id");
    Check(r.Outputs?.Select(o => o.Datatype).SequenceEqual([InferOutput_datatype.FP32, InferOutput_datatype.BOOL]) == true, "FP32 probability and BOOL label");
    Check(r.Outputs![0].Data?.All(d => d.Double is >= 0 and <= 1) == true && r.Outputs[1].Data?.All(d => d.Boolean is not null) == true && r.Outputs[1].Data!.Count == 2, "two probabilities and two labels");
}

static MatchModelsClient Client(string baseUrl, string key) =>
    new(new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new ApiKey(key))) { BaseUrl = baseUrl });

static async Task<Problem> Refused(Func<Task> call)
{
    try
    {
        await call();
    }
    catch (Problem p)
    {
        return p;
    }

    throw new InvalidOperationException("the call succeeded");
}

static T Must<T>(T? value)
    where T : class => value ?? throw new InvalidOperationException($"no {typeof(T).Name} in the response");

static T Single<T>(List<T>? items) => items is [var one] ? one : throw new InvalidOperationException($"expected one {typeof(T).Name}, found {items?.Count ?? 0}");

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"expected {what}");
    }
}

PairToScore Pair() => new()
{
    Mentee = Mentee(),
    Mentor = new MentorProfile
    {
        ParticipantId = "p-2", JoinedAt = new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero), Department = "Legal", Site = "Lyon", TimezoneOffsetH = 1, JobLevel = 6,
        TenureYears = 9, Languages = ["fr"], Skills = ["negotiation", "leadership"], GoalsText = "coach presentation skills", AvailabilityHPerMonth = 6, MentorCapacity = 2,
    },
    AsOf = asOf,
    MentorRecord = new MentorRecord { ActivePairs = 1, PriorPairs = 3, PriorCompleted = 2 },
};

static MenteeProfile Mentee() => new()
{
    ParticipantId = "p-1", JoinedAt = new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero), Department = "Sales", Site = "Paris", TimezoneOffsetH = 1, JobLevel = 3,
    TenureYears = 2.5, Languages = ["fr", "en"], Skills = ["negotiation"], GoalsText = "present with confidence", AvailabilityHPerMonth = 4,
};

static RankMentor RankMentor(string id, string language) => new()
{
    ParticipantId = id, JoinedAt = new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero), Department = "Legal", Site = "Lyon", TimezoneOffsetH = 1, JobLevel = 6,
    TenureYears = 9, Languages = [language], Skills = ["leadership"], GoalsText = "coach", AvailabilityHPerMonth = 6, MentorCapacity = 2,
    MentorRecord = new MentorRecord { ActivePairs = 0 },
};

/// <summary>An API key as the bearer token: the document's security scheme is HTTP bearer.</summary>
internal sealed class ApiKey(string key) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(key);
}

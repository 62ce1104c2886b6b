using System.Text.Json;
using System.Text.Json.Nodes;
using MatchModels.Serving.Inference;
using MatchModels.Serving.Scoring;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Contracts;

/// <summary>
/// The scoring API's OpenAPI 3.1 document, served at <see cref="Route"/>: every route with its operationId (the
/// endpoint's name in <see cref="ScoringRoutes"/>), parameters, request and response schemas (<see cref="ApiSchemas"/>),
/// one example body per route, every error status as the one problem shape, and the Bearer scheme. It is written
/// rather than generated because the bodies are read by hand-written readers that name each bad field's JSON path
/// (docs/adr/0012-written-openapi-document.md).
/// </summary>
public sealed class ApiDocument(IOptions<ServingOptions> options)
{
    public const string Route = "/openapi/v1.json";

    /// <summary>The licence the document declares. The repository has no LICENSE file yet: this is the project's stated intent, to be confirmed there.</summary>
    public const string Licence = "MIT";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private readonly ServingOptions _options = options.Value;

    /// <summary>The server URL the document names: Serving:PublicUrl without a trailing slash, never the host a request came to.</summary>
    public string ServerUrl => _options.PublicUrl.TrimEnd('/');

    /// <summary>
    /// The document as JSON. The infer examples take the first served model's input name and width, so they are accepted
    /// as they stand; the profiles require what the registered versions cannot score without (<see cref="ProfileContract"/>).
    /// </summary>
    public string Json(ServedModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return Build(InferExample.For(models), ProfileContract.For(models)).ToJsonString(s_indented);
    }

    internal JsonObject Build(InferExample infer, ProfileContract? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(infer);
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "MatchModels scoring API",
                ["version"] = Core.BuildVersion.Number(typeof(ApiDocument).Assembly),
                ["description"] = Description,
                ["license"] = new JsonObject { ["name"] = Licence, ["identifier"] = Licence },
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = ServerUrl, ["description"] = "This server (Serving:PublicUrl)." }),
            ["security"] = new JsonArray(new JsonObject { [BearerScheme] = new JsonArray() }),
            ["tags"] = new JsonArray(
                Tag(V1, "Scoring from raw participant profiles: features are computed server-side with the version's fitted state."),
                Tag(V2, "The Open Inference Protocol v2 (KServe): the caller sends the feature tensor."),
                Tag(Operations, "Probes, metrics and this description; no key needed.")),
            ["paths"] = Paths(infer),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [BearerScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["description"] = "Authorization: Bearer <key>, with a key made by `matchmodels keys create --scopes score`. Without a key or with an unknown one: 401; a key without the score scope: 403; over the per-key rate: 429.",
                    },
                },
                ["parameters"] = Parameters(),
                ["headers"] = new JsonObject
                {
                    ["RetryAfter"] = new JsonObject { ["description"] = "Seconds to wait before retrying.", ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } },
                },
                ["responses"] = ErrorResponses(),
                ["schemas"] = ApiSchemas.All(_options.MaxBatch, _options.MaxCandidates, profiles ?? ProfileContract.Default),
            },
        };
    }

    private const string BearerScheme = "bearer";
    private const string V1 = "v1";
    private const string V2 = "Open Inference Protocol v2";
    private const string Operations = "operations";

    private const string Description =
        "Scores mentee–mentor pairs with the registered MatchModels models. /v1 routes take raw participant profiles and compute the features " +
        "server-side with the same builders and fitted state as training; /v2 routes follow the Open Inference Protocol and take the feature tensor. " +
        "Every response names the model and version that answered and carries an X-Request-Id header with the server's own request id; a caller's X-Request-Id " +
        "is echoed as client_request_id. The version is the alias 'champion' unless " +
        "?version=N or ?alias=NAME is given. Every error, on every route, is application/problem+json with the request id and an 'errors' list of " +
        "{path, message} naming each bad field by its JSON path. Liveness, readiness, /metrics, /docs and this document need no key.";

    private static JsonObject Paths(InferExample infer)
    {
        string[] scoring = ["400", "401", "403", "404", "413", "415", "422", "429", "503"];
        string[] reading = ["400", "401", "403", "404", "429", "503"];
        return new JsonObject
        {
            ["/v1/models/{name}/predict"] = Post(Op("predictPairs", V1, "Score mentee–mentor pairs from raw profiles",
                "Features that depend on history are what the caller tells: mentor_record defaults to zeros (the prior success rate then takes the training mean); " +
                "same_reporting_line defaults to what the two profiles' ids show; matched_at defaults to as_of; engagement (drop-out models only) defaults to none. " +
                "explain=true adds the top contributions, p(x) − p(x with the feature at its training median); top=K how many (default 5).",
                [Param("ModelName"), Param("Version"), Param("Alias"), Param("Explain"), Param("Top"), Param("ClientRequestId")],
                Body("PredictRequest", ApiExamples.Predict()), Ok("200", "The pairs' scores.", "PredictResponse"), scoring)),
            ["/v1/models/{name}/rank"] = Post(Op("rankMentors", V1, "Rank candidate mentors for one mentee",
                "Filters run in order (shared_language, not_same_reporting_line, max_timezone_gap_h, free_capacity) and 'removed' counts each mentor under the first " +
                "filter that removed it; a filter keeps a mentor when a value it compares (languages, timezone_offset_h, mentor_capacity) is not given. The reporting line is judged from the ids sent: same manager_id, or one's participant_id in the other's manager_id or manager chain. " +
                "The body is read as a stream, one mentor at a time, so its fields may come in any order; its limit is Serving:MaxRankBodyBytes (64 MiB by default, " +
                "about 1.3 KiB for each of the largest pool's mentors), not Serving:MaxBodyBytes. One mentor more than Serving:MaxCandidates is a 400 on $.mentors, " +
                "and at most the first 100 bad fields are named.",
                [Param("ModelName"), Param("Version"), Param("Alias"), Param("ClientRequestId")],
                Body("RankRequest", ApiExamples.Rank()), Ok("200", "The best eligible mentors.", "RankResponse"), scoring)),
            ["/v1/outcomes"] = Post(Op("reportOutcomes", V1, "Report observed outcomes",
                "Outcomes are matched to logged predictions by pair_id or request_id and stored beside the prediction log for monitoring. " +
                "An id that no logged prediction carries is a 400 naming its path, and nothing of the report is stored.",
                [Param("ClientRequestId")], Body("OutcomesRequest", ApiExamples.Outcomes()), Ok("202", "The outcomes are in the log.", "OutcomesAccepted"),
                ["400", "401", "403", "413", "415", "429", "503"])),
            ["/v2"] = Get(Op("serverMetadata", V2, "Server metadata", "The server's name, version and the protocol extensions it implements.",
                [], null, Ok("200", "Server metadata.", "ServerMetadata"), ["401", "403", "429"])),
            ["/v2/health/live"] = Get(Anonymous(Op("serverLive", Operations, "Liveness", "200 while the process answers; for a liveness probe.",
                [], null, Ok("200", "The server is live.", "Liveness"), []))),
            ["/v2/health/ready"] = Get(Anonymous(Op("serverReady", Operations, "Readiness",
                "200 when the registry is readable and every model's default version loads; 503 with the reason otherwise. For a readiness probe.",
                [], null, Ready(), []))),
            ["/v2/models/{name}"] = Get(Op("modelMetadata", V2, "Model metadata", "The model's versions, platform, input and outputs, for the version the query selects (champion by default).",
                [Param("ModelName"), Param("Version"), Param("Alias")], null, Ok("200", "Model metadata.", "ModelMetadata"), reading)),
            ["/v2/models/{name}/versions/{version}"] = Get(Op("modelVersionMetadata", V2, "Model version metadata", "The same as model metadata, for one version.",
                [Param("ModelName"), Param("VersionPath")], null, Ok("200", "Model metadata.", "ModelMetadata"), reading)),
            ["/v2/models/{name}/ready"] = Get(Op("modelReady", V2, "Model readiness", "200 when the version the query selects is loaded and can score.",
                [Param("ModelName"), Param("Version"), Param("Alias")], null, Ok("200", "The model is ready.", "ModelReadiness"), reading)),
            ["/v2/models/{name}/versions/{version}/ready"] = Get(Op("modelVersionReady", V2, "Model version readiness", "200 when this version is loaded and can score.",
                [Param("ModelName"), Param("VersionPath")], null, Ok("200", "The version is ready.", "ModelReadiness"), reading)),
            ["/v2/models/{name}/infer"] = Post(Op("infer", V2, "Score feature vectors",
                "One FP32 input [N, F] named as in the model's signature; outputs probability (FP32) and label (BOOL, probability ≥ the version's threshold).",
                [Param("ModelName"), Param("Version"), Param("Alias"), Param("ClientRequestId")], Body("InferRequest", infer.Body()), Ok("200", "The outputs.", "InferResponse"), scoring)),
            ["/v2/models/{name}/versions/{version}/infer"] = Post(Op("inferVersion", V2, "Score feature vectors with one version",
                "The same as infer, with the version in the path.",
                [Param("ModelName"), Param("VersionPath"), Param("ClientRequestId")], Body("InferRequest", infer.Body()), Ok("200", "The outputs.", "InferResponse"), scoring)),
            ["/metrics"] = Get(Anonymous(Op("metrics", Operations, "Prometheus metrics", "Requests and latency by route and model version, scoring latency, batch sizes, log queue depths.",
                [], null, Content("200", "Metrics in the Prometheus text format.", "text/plain", new JsonObject { ["type"] = "string" }), []))),
            ["/docs"] = Get(Anonymous(Op("apiDocs", Operations, "A page that renders this document", "Self-contained HTML; nothing is fetched from outside the host.",
                [], null, Content("200", "The page.", "text/html", new JsonObject { ["type"] = "string" }), []))),
            [Route] = Get(Anonymous(Op("openApiDocument", Operations, "This OpenAPI document", "The scoring API's contract, from which clients are generated.",
                [], null, Content("200", "The document.", "application/json", new JsonObject { ["type"] = "object" }), []))),
        };
    }

    private static JsonObject Tag(string name, string description) => new() { ["name"] = name, ["description"] = description };

    private static JsonObject Get(JsonObject operation) => new() { ["get"] = operation };

    private static JsonObject Post(JsonObject operation) => new() { ["post"] = operation };

    private static JsonObject Op(string id, string tag, string summary, string description, JsonNode[] parameters, JsonObject? body, JsonObject success, string[] errors)
    {
        var op = new JsonObject
        {
            ["operationId"] = id,
            ["tags"] = new JsonArray(tag),
            ["summary"] = summary,
            ["description"] = description,
        };
        if (parameters.Length > 0)
        {
            op["parameters"] = new JsonArray(parameters);
        }

        if (body is not null)
        {
            op["requestBody"] = body;
        }

        foreach (string status in errors)
        {
            success[status] = new JsonObject { ["$ref"] = $"#/components/responses/{s_errors[status].Name}" };
        }

        op["responses"] = success;
        return op;
    }

    private static JsonObject Anonymous(JsonObject operation)
    {
        operation["security"] = new JsonArray();
        return operation;
    }

    private static JsonObject Param(string name) => new() { ["$ref"] = $"#/components/parameters/{name}" };

    private static JsonObject Body(string schema, JsonNode example) => new()
    {
        ["required"] = true,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ApiSchemas.Ref(schema), ["example"] = example } },
    };

    private static JsonObject Ok(string status, string description, string schema) =>
        Content(status, description, "application/json", ApiSchemas.Ref(schema));

    private static JsonObject Content(string status, string description, string mediaType, JsonObject schema) => new()
    {
        [status] = new JsonObject { ["description"] = description, ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = schema } } },
    };

    private static JsonObject Ready()
    {
        JsonObject responses = Ok("200", "Ready.", "Readiness");
        responses["503"] = new JsonObject
        {
            ["description"] = "Not ready, with the reason.",
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ApiSchemas.Ref("Readiness") } },
        };
        return responses;
    }

    private static readonly Dictionary<string, (string Name, string Description)> s_errors = new(StringComparer.Ordinal)
    {
        ["400"] = ("BadRequest", "The request has invalid fields (each named in errors by its JSON path), a bad query value, or a body that is not JSON."),
        ["401"] = ("Unauthorized", "No API key, or an unknown or revoked one (WWW-Authenticate: Bearer)."),
        ["403"] = ("Forbidden", "The API key lacks the score scope."),
        ["404"] = ("NotFound", "Unknown model, version or alias."),
        ["413"] = ("PayloadTooLarge", "The body is larger than Serving:MaxBodyBytes (32 MiB by default; rank: Serving:MaxRankBodyBytes, 64 MiB)."),
        ["415"] = ("UnsupportedMediaType", "The body is not sent as application/json."),
        ["422"] = ("UnprocessableContent", "This model version cannot score raw profiles (an imported model without a fitted feature state)."),
        ["429"] = ("TooManyRequests", "This API key has used its requests for the current window."),
        ["503"] = ("ServiceUnavailable", "The model version cannot be served, the prediction log cannot take the prediction, or (predict, rank, infer) Serving:MaxConcurrentRequests scoring requests are already running, answered before the body is read; retry after Retry-After seconds."),
    };

    private static JsonObject ErrorResponses()
    {
        var responses = new JsonObject();
        foreach ((string status, (string name, string description)) in s_errors)
        {
            var response = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = ApiSchemas.Ref("Problem") } },
            };
            if (status is "429" or "503")
            {
                response["headers"] = new JsonObject { ["Retry-After"] = new JsonObject { ["$ref"] = "#/components/headers/RetryAfter" } };
            }

            responses[name] = response;
        }

        return responses;
    }

    private static JsonObject Parameters() => new()
    {
        ["ModelName"] = new JsonObject
        {
            ["name"] = "name",
            ["in"] = "path",
            ["required"] = true,
            ["description"] = "The model's name in the registry.",
            ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9._-]{0,63}$" },
            ["example"] = "pair-success",
        },
        ["VersionPath"] = new JsonObject
        {
            ["name"] = "version",
            ["in"] = "path",
            ["required"] = true,
            ["description"] = "A registered version number.",
            ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
            ["example"] = 1,
        },
        ["Version"] = new JsonObject
        {
            ["name"] = "version",
            ["in"] = "query",
            ["description"] = "Score with this version rather than the champion; not with alias.",
            ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
        },
        ["Alias"] = new JsonObject
        {
            ["name"] = "alias",
            ["in"] = "query",
            ["description"] = "Score with the version this alias points at (default champion); not with version.",
            ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9._-]{0,63}$" },
        },
        ["Explain"] = new JsonObject
        {
            ["name"] = "explain",
            ["in"] = "query",
            ["description"] = "Add each pair's top feature contributions.",
            ["schema"] = new JsonObject { ["type"] = "boolean", ["default"] = false },
        },
        ["ClientRequestId"] = new JsonObject
        {
            ["name"] = ScoringContext.RequestIdHeader,
            ["in"] = "header",
            ["description"] = "The caller's own id for the request, echoed as client_request_id in the body (problems included), the access log and the prediction log. " +
                "The server always makes its own request_id (the X-Request-Id response header). An id that is not 1 to 64 ASCII letters, digits, '-', '_' or '.' is a 400 on header.X-Request-Id.",
            ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = $"^[A-Za-z0-9._-]{{1,{ScoringContext.MaxClientRequestIdLength}}}$" },
            ["example"] = "hr-platform.batch-7_1",
        },
        ["Top"] = new JsonObject
        {
            ["name"] = "top",
            ["in"] = "query",
            ["description"] = "With explain: how many contributions per pair (default Serving:ExplainTop, 5).",
            ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 100 },
        },
    };
}

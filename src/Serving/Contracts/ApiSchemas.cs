using System.Text.Json.Nodes;
using MatchModels.Core.Schemas;

namespace MatchModels.Serving.Contracts;

/// <summary>
/// The OpenAPI document's component schemas (JSON Schema 2020-12, as OpenAPI 3.1 has them): what the hand-written
/// body readers in Scoring/, Outcomes/ and Inference/ accept and what the routes answer. Profiles are taken from
/// data/schemas/participants.schema.json itself, so the API and the loader cannot disagree about a field.
/// Contract tests check that the server refuses at the same JSON path as these schemas and that responses fit them.
/// </summary>
internal static class ApiSchemas
{

    private const string RequestIdText = "This request's id, made by the server and unique to the request, also in the X-Request-Id response header; outcomes reported by request_id join on it.";

    private const string ClientRequestIdText = "The caller's own X-Request-Id request header, echoed as sent (and kept in the prediction log); null when none was sent. Never used to join outcomes: a caller may send one twice.";

    public static JsonObject All(int maxBatch, int maxCandidates, ProfileContract profiles) => new()
    {
        ["Problem"] = Problem(),
        ["FieldError"] = Object("One bad field: where it is and what is wrong with it.", ["path", "message"],
            ("path", Str("The JSON path of the field from the body's root ($), e.g. $.pairs[0].mentor.site; query.NAME, path.NAME or header.NAME for other parts of the request.")),
            ("message", Str("What is wrong, and what was expected."))),
        ["MenteeProfile"] = Profile("mentee", profiles.Mentee),
        ["MentorProfile"] = Profile("mentor", profiles.Mentor),
        ["RankMentor"] = Profile("mentor", profiles.Mentor,
            ("mentor_record", Ref("MentorRecord")),
            ("manager_chain", Array(Str("A manager's participant_id.", minLength: 1), "The ids above this mentor's manager_id, nearest first; the reporting-line filter reads them."))),
        ["MentorRecord"] = Object("What the mentor's history tells, as the caller knows it; every count defaults to 0 (nothing known).", [],
            ("active_pairs", Int("Mentees the mentor has now.", 0)),
            ("prior_pairs", Int("Pairs the mentor finished before.", 0)),
            ("prior_completed", Int("Of those, pairs that completed; at most prior_pairs.", 0))),
        ["Engagement"] = Object("Drop-out models only: the pair's sessions since the match, up to as_of.", [],
            ("sessions", Int("Sessions held.", 0)),
            ("total_minutes", Num("Minutes of all sessions.", 0)),
            ("first_session_days", Num("Days from the match to the first session.", 0)),
            ("last_session_days", Num("Days from the match to the last session.", 0)),
            ("mean_mentee_rating", Num("Mean mentee rating, 1 to 5.", 1, 5)),
            ("mean_mentor_rating", Num("Mean mentor rating, 1 to 5.", 1, 5))),
        ["PairToScore"] = Object("One mentee–mentor pair, as of a point in time.", ["mentee", "mentor", "as_of"],
            ("mentee", Ref("MenteeProfile")),
            ("mentor", Ref("MentorProfile")),
            ("as_of", Time("The cut-off: features read nothing dated after it. Not before either participant's joined_at, nor more than 366 days after the server's clock (the rule `predict --pairs` applies).")),
            ("matched_at", Time("When the pair was matched; defaults to as_of and must not be after it.")),
            ("same_reporting_line", Bool("Whether one reports to the other or both to the same manager; defaults to what the two profiles' manager_id show.")),
            ("mentor_record", Ref("MentorRecord")),
            ("engagement", Ref("Engagement"))),
        ["PredictRequest"] = Object("Pairs to score.", ["pairs"],
            ("pairs", Array(Ref("PairToScore"), $"The pairs, at most {maxBatch} (Serving:MaxBatch).", minItems: 1, maxItems: maxBatch))),
        ["FeatureContribution"] = Object("How much one feature moved the probability: p(x) − p(x with the feature at its training median).", ["feature", "description", "value", "median", "contribution"],
            ("feature", Str("The feature's name.")),
            ("description", Str("The feature in plain words.")),
            ("value", Num("The pair's value.")),
            ("median", Num("The training median.")),
            ("contribution", Num("p(x) − p(x with this feature at its median)."))),
        ["PairPrediction"] = Object("The score of one pair.", ["index", "mentee_id", "mentor_id", "probability", "label", "contributions"],
            ("index", Int("Position of the pair in the request.", 0)),
            ("mentee_id", Str("The mentee's participant_id.")),
            ("mentor_id", Str("The mentor's participant_id.")),
            ("probability", Num("The model's probability of success (pair-success) or drop-out (dropout).", 0, 1)),
            ("label", Bool("probability ≥ the version's threshold.")),
            ("contributions", Nullable(Array(Ref("FeatureContribution"), "With explain=true the top features by |contribution|; null otherwise.")))),
        ["PredictResponse"] = Object("Scores of every pair, by one model version.", ["model", "version", "alias", "request_id", "client_request_id", "threshold", "predictions"],
            ("model", Str("The model name.")),
            ("version", Int("The version that scored every pair.", 1)),
            ("alias", NullableStr("The alias that chose the version (champion by default); null when the request named a version.")),
            ("request_id", Str(RequestIdText)),
            ("client_request_id", NullableStr(ClientRequestIdText)),
            ("threshold", Num("The version's decision threshold: label = probability ≥ threshold.", 0, 1)),
            ("predictions", Array(Ref("PairPrediction"), "One per pair, in request order."))),
        ["RankFilters"] = Object("Hard filters, applied in this order before scoring.", [],
            ("shared_language", Bool("Keep mentors who share a working language with the mentee (default true).")),
            ("not_same_reporting_line", Bool("Drop mentors in the mentee's reporting line (default true).")),
            ("max_timezone_gap_h", Num("Drop mentors whose UTC offset differs by more hours; no limit when absent.", 0, 12)),
            ("free_capacity", Bool("Keep mentors with mentor_capacity − mentor_record.active_pairs > 0 (default true)."))),
        ["RankRequest"] = Object("One mentee and the candidate mentors.", ["mentee", "mentors", "as_of"],
            ("mentee", Ref("MenteeProfile")),
            ("mentee_manager_chain", Array(Str("A manager's participant_id.", minLength: 1), "The ids above the mentee's manager_id, nearest first.")),
            ("mentors", Array(Ref("RankMentor"), $"Candidate mentors, at most {maxCandidates} (Serving:MaxCandidates).", maxItems: maxCandidates)),
            ("as_of", Time("The cut-off at which every pair is scored: not before the mentee's or any mentor's joined_at (a mentor's is named at $.mentors[i].joined_at), nor more than 366 days after the server's clock.")),
            ("top", Int("How many mentors to return (default 10).", 1, 1000)),
            ("filters", Ref("RankFilters"))),
        ["RemovedByFilter"] = Object("Mentors each filter removed; a mentor failing several is counted under the first.", ["shared_language", "same_reporting_line", "timezone_gap", "free_capacity"],
            ("shared_language", Int("Removed for sharing no language.", 0)),
            ("same_reporting_line", Int("Removed for being in the mentee's reporting line.", 0)),
            ("timezone_gap", Int("Removed for a wider time-zone gap.", 0)),
            ("free_capacity", Int("Removed for having no free capacity.", 0))),
        ["RankedCandidate"] = Object("One eligible mentor.", ["rank", "mentor_id", "index", "probability", "label"],
            ("rank", Int("1 for the best.", 1)),
            ("mentor_id", Str("The mentor's participant_id.")),
            ("index", Int("The mentor's position in the request's mentors array.", 0)),
            ("probability", Num("The model's probability for the pair.", 0, 1)),
            ("label", Bool("probability ≥ the version's threshold."))),
        ["RankResponse"] = Object("The best eligible mentors for the mentee.", ["model", "version", "alias", "request_id", "client_request_id", "candidates", "eligible", "removed", "top"],
            ("model", Str("The model name.")),
            ("version", Int("The version that scored every candidate.", 1)),
            ("alias", NullableStr("The alias that chose the version; null when the request named a version.")),
            ("request_id", Str(RequestIdText)),
            ("client_request_id", NullableStr(ClientRequestIdText)),
            ("candidates", Int("Mentors sent.", 0)),
            ("eligible", Int("Mentors left after the filters, all of them scored.", 0)),
            ("removed", Ref("RemovedByFilter")),
            ("top", Array(Ref("RankedCandidate"), "Best first."))),
        ["Outcome"] = Closed(Object("An observed outcome. Give pair_id or request_id (or both), and success or dropout (or both).", ["observed_at"],
            ("pair_id", Str("The pair as the prediction log names it: MENTEE_ID→MENTOR_ID, the participant_ids the prediction was made for.", minLength: 1, maxLength: 200)),
            ("request_id", Str("The request id of the prediction this outcome belongs to.", minLength: 1, maxLength: 200)),
            ("success", Bool("Whether the pair succeeded.")),
            ("dropout", Bool("Whether the pair dropped out; cannot be true with success.")),
            ("observed_at", Time("When the outcome was observed, with a time zone; not in the future.")))),
        ["OutcomesRequest"] = Closed(Object("Observed outcomes to store beside the prediction log.", ["outcomes"],
            ("outcomes", Array(Ref("Outcome"), "1 to 10,000 outcomes; nothing is stored unless all are valid.", minItems: 1, maxItems: Outcomes.OutcomeReport.MaxOutcomes)))),
        ["OutcomesAccepted"] = Object("How many outcomes were stored in the log.", ["accepted", "request_id", "client_request_id"],
            ("accepted", Int("Outcomes accepted.", 1)),
            ("request_id", Str(RequestIdText)),
            ("client_request_id", NullableStr(ClientRequestIdText))),
        ["Liveness"] = Object("The server is up.", ["live"], ("live", Bool("Always true when the server answers."))),
        ["Readiness"] = Object("Whether the server can score.", ["ready"],
            ("ready", Bool("True when the registry is readable and every model's default version loads.")),
            ("reason", Str("Why the server is not ready."))),
        ["ServerMetadata"] = Object("The Open Inference Protocol's server metadata.", ["name", "version", "extensions"],
            ("name", Str("The server's name.")),
            ("version", Str("The server's version and the git commit it was built from (VERSION+COMMIT).")),
            ("extensions", Array(Str("An extension's name."), "Protocol extensions implemented: none."))),
        ["TensorMetadata"] = Object("An input or output tensor of a model.", ["name", "datatype", "shape"],
            ("name", Str("The tensor's name.")),
            ("datatype", Str("FP32 or BOOL.")),
            ("shape", Array(Int("One dimension; -1 for any size."), "The tensor's shape."))),
        ["ModelMetadata"] = Object("The Open Inference Protocol's model metadata.", ["name", "versions", "platform", "inputs", "outputs"],
            ("name", Str("The model name.")),
            ("versions", Array(Str("A version number."), "Every registered version.")),
            ("platform", Str("onnxruntime_onnx.")),
            ("inputs", Array(Ref("TensorMetadata"), "One FP32 input [-1, F].")),
            ("outputs", Array(Ref("TensorMetadata"), "probability (FP32 [-1]) and label (BOOL [-1]: probability ≥ the version's threshold)."))),
        ["ModelReadiness"] = Object("Whether one model version can score.", ["name", "version", "ready"],
            ("name", Str("The model name.")),
            ("version", Str("The version that would answer.")),
            ("ready", Bool("True: the version is loaded."))),
        ["InferInput"] = Object("The one input tensor: rows of features in the order of the model's signature.", ["name", "shape", "datatype", "data"],
            ("name", Str("The model's input name (see the model metadata).")),
            ("shape", Array(Int("A dimension.", 0), "[N, F]: N rows of F features.", minItems: 2, maxItems: 2)),
            ("datatype", Enum("The element type.", "FP32")),
            ("data", Array(Num("A feature value."), "N × F values, row-major. Nested arrays ([[…], […]]) are accepted too.")),
            ("parameters", Ref("InferParameters"))),
        ["RequestedOutput"] = Object("An output to return.", ["name"],
            ("name", Str("probability or label.")),
            ("parameters", Ref("InferParameters"))),
        ["InferParameters"] = Object("Protocol parameters; none is read.", []),
        ["InferRequest"] = Object("The Open Inference Protocol's inference request with one FP32 input.", ["inputs"],
            ("id", Str("Echoed in the response; the request id when absent.")),
            ("parameters", Ref("InferParameters")),
            ("inputs", Array(Ref("InferInput"), "Exactly one input.", minItems: 1, maxItems: 1)),
            ("outputs", Array(Ref("RequestedOutput"), "The outputs to return; all of them when absent."))),
        ["InferOutput"] = Object("One output tensor.", ["name", "shape", "datatype", "data"],
            ("name", Str("probability or label.")),
            ("shape", Array(Int("A dimension.", 0), "[N].")),
            ("datatype", Enum("FP32 for probability, BOOL for label.", "FP32", "BOOL")),
            ("data", Array(new JsonObject { ["type"] = new JsonArray("number", "boolean") }, "N values: numbers for FP32, booleans for BOOL."))),
        ["InferResponse"] = Object("The Open Inference Protocol's inference response.", ["model_name", "model_version", "id", "outputs"],
            ("model_name", Str("The model name.")),
            ("model_version", Str("The version that scored every row.")),
            ("id", Str("The request's id field, or this request's id.")),
            ("outputs", Array(Ref("InferOutput"), "The requested outputs."))),
    };

    /// <summary>RFC 9457 problem details with the request id, each bad field, and the Open Inference Protocol's error string.</summary>
    private static JsonObject Problem()
    {
        JsonObject problem = Object("Every error, on every route: RFC 9457 problem details with the request id and the bad fields.", ["type", "title", "status", "detail", "instance", "request_id", "client_request_id", "errors", "error"],
            ("type", Str("A URI naming the kind of problem.")),
            ("title", Str("A short summary of the kind of problem.")),
            ("status", Int("The HTTP status code.", 400, 599)),
            ("detail", Str("What went wrong with this request.")),
            ("instance", Str("The request's path.")),
            ("request_id", Str("This request's id, made by the server, also in the X-Request-Id header; it locates the request in the server's log.")),
            ("client_request_id", NullableStr(ClientRequestIdText)),
            ("errors", Array(Ref("FieldError"), "Each bad field; empty when no single field is at fault.")),
            ("error", Str("The same text as detail: the Open Inference Protocol's clients read this field.")));

        // Kiota makes this the message of the exception a generated client throws.
        problem["properties"]!["detail"]!["x-ms-primary-error-message"] = true;
        return problem;
    }

    /// <summary>
    /// A participant profile: the participants schema's columns. Required: participant_id and joined_at (the API scores people before they are in a programme's tables, so not
    /// programme_id, cohort_id or role), and the profile fields <paramref name="needed"/> names.
    /// </summary>
    private static JsonObject Profile(string role, IReadOnlyList<string> needed, params (string Name, JsonNode Schema)[] extra)
    {
        var table = (JsonObject)JsonNode.Parse(HistorySchemas.RawJson("participants"))!;
        var properties = new JsonObject();
        foreach ((string name, JsonNode? column) in (JsonObject)table["properties"]!)
        {
            var schema = (JsonObject)column!.DeepClone();
            foreach (string key in schema.Select(p => p.Key).Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
            {
                schema.Remove(key);
            }

            if (name == "role")
            {
                schema["enum"] = new JsonArray(role);
                schema["description"] = $"This profile's role; when given it must be {role}.";
            }

            properties[name] = schema;
        }

        foreach ((string name, JsonNode schema) in extra)
        {
            properties[name] = schema;
        }

        var required = new JsonArray("participant_id", "joined_at");
        foreach (string name in needed)
        {
            required.Add(name);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"A {role}'s profile: the columns of data/schemas/participants.schema.json. Required are participant_id, joined_at and the " +
                "profile fields that some registered version reads and has no fill for (docs/adr/0022-optional-profile-fields.md); a version that reads fewer " +
                "accepts a profile without the others, and a field it does not read is still checked when given.",
            ["required"] = required,
            ["properties"] = properties,
        };
    }

    internal static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static JsonObject Object(string description, string[] required, params (string Name, JsonNode Schema)[] properties)
    {
        var o = new JsonObject { ["type"] = "object", ["description"] = description };
        if (required.Length > 0)
        {
            o["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        var props = new JsonObject();
        foreach ((string name, JsonNode schema) in properties)
        {
            props[name] = schema;
        }

        o["properties"] = props;
        return o;
    }

    private static JsonObject Closed(JsonObject schema)
    {
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject Str(string description, int? minLength = null, int? maxLength = null)
    {
        var s = new JsonObject { ["type"] = "string", ["description"] = description };
        if (minLength is { } min)
        {
            s["minLength"] = min;
        }

        if (maxLength is { } max)
        {
            s["maxLength"] = max;
        }

        return s;
    }

    private static JsonObject NullableStr(string description) => new() { ["type"] = new JsonArray("string", "null"), ["description"] = description };

    private static JsonObject Nullable(JsonObject schema)
    {
        schema["type"] = new JsonArray(schema["type"]!.GetValue<string>(), "null");
        return schema;
    }

    private static JsonObject Enum(string description, params string[] values) =>
        new() { ["type"] = "string", ["description"] = description, ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static JsonObject Time(string description) => new() { ["type"] = "string", ["format"] = "date-time", ["description"] = description + " ISO 8601 with a time zone, e.g. 2025-03-01T00:00:00Z." };

    private static JsonObject Bool(string description) => new() { ["type"] = "boolean", ["description"] = description };

    private static JsonObject Int(string description, int? minimum = null, int? maximum = null) => Bounded(new JsonObject { ["type"] = "integer", ["description"] = description }, minimum, maximum);

    private static JsonObject Num(string description, double? minimum = null, double? maximum = null) => Bounded(new JsonObject { ["type"] = "number", ["description"] = description }, minimum, maximum);

    private static JsonObject Bounded<T>(JsonObject schema, T? minimum, T? maximum)
        where T : struct
    {
        if (minimum is { } min)
        {
            schema["minimum"] = JsonValue.Create(min);
        }

        if (maximum is { } max)
        {
            schema["maximum"] = JsonValue.Create(max);
        }

        return schema;
    }

    private static JsonObject Array(JsonObject items, string description, int? minItems = null, int? maxItems = null)
    {
        var a = new JsonObject { ["type"] = "array", ["description"] = description, ["items"] = items };
        if (minItems is { } min)
        {
            a["minItems"] = min;
        }

        if (maxItems is { } max)
        {
            a["maxItems"] = max;
        }

        return a;
    }
}

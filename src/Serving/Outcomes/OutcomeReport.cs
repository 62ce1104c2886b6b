using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.Outcomes;

/// <summary>
/// Validates a <c>POST /v1/outcomes</c> body: <c>{"outcomes": [{"pair_id" | "request_id", "success" and/or "dropout",
/// "observed_at"}]}</c>. Every problem is reported with the JSON path of the field (<c>$.outcomes[2].observed_at</c>),
/// all at once, and nothing is stored unless the whole body is valid.
/// </summary>
public static partial class OutcomeReport
{
    /// <summary>Outcomes per request: a day's reports of a large programme; more should be split.</summary>
    public const int MaxOutcomes = 10_000;

    private const int MaxIdLength = 200;

    /// <summary>A report may be stamped slightly ahead of the server's clock; further ahead is a wrong time zone or clock.</summary>
    private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> s_fields = ["pair_id", "request_id", "success", "dropout", "observed_at"];

    public sealed record Result(IReadOnlyList<OutcomeRecord> Outcomes, IDictionary<string, string[]> Errors);

    public static Result Parse(JsonElement root, string keyId, DateTime nowUtc)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string path, string message)
        {
            if (!errors.TryGetValue(path, out List<string>? list))
            {
                errors[path] = list = [];
            }

            list.Add(message);
        }

        var outcomes = new List<OutcomeRecord>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            Add("$", $"expected an object with an \"outcomes\" array, found {Kind(root)}");
        }
        else if (!root.TryGetProperty("outcomes", out JsonElement list))
        {
            Add("$.outcomes", "missing: give an array of outcomes");
        }
        else if (list.ValueKind != JsonValueKind.Array)
        {
            Add("$.outcomes", $"expected an array, found {Kind(list)}");
        }
        else if (list.GetArrayLength() is 0 or > MaxOutcomes)
        {
            Add("$.outcomes", $"expected 1 to {MaxOutcomes} outcomes, found {list.GetArrayLength()}");
        }
        else
        {
            foreach (JsonProperty extra in root.EnumerateObject().Where(p => p.Name != "outcomes"))
            {
                Add($"$.{extra.Name}", "unknown field");
            }

            int i = 0;
            foreach (JsonElement item in list.EnumerateArray())
            {
                if (ParseOne(item, $"$.outcomes[{i}]", keyId, nowUtc, Add) is { } record)
                {
                    outcomes.Add(record);
                }

                i++;
            }
        }

        return new Result(errors.Count == 0 ? outcomes : [], errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    private static OutcomeRecord? ParseOne(JsonElement item, string at, string keyId, DateTime nowUtc, Action<string, string> add)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            add(at, $"expected an object, found {Kind(item)}");
            return null;
        }

        bool ok = true;
        void Fail(string path, string message)
        {
            add(path, message);
            ok = false;
        }

        foreach (JsonProperty p in item.EnumerateObject().Where(p => !s_fields.Contains(p.Name)))
        {
            Fail($"{at}.{p.Name}", $"unknown field; expected {string.Join(", ", s_fields)}");
        }

        string? pairId = Id(item, "pair_id", at, Fail);
        string? requestId = Id(item, "request_id", at, Fail);
        if (!Present(item, "pair_id") && !Present(item, "request_id"))
        {
            Fail(at, "give pair_id or request_id (or both) to say which prediction this outcome belongs to");
        }

        bool? success = Flag(item, "success", at, Fail);
        bool? dropout = Flag(item, "dropout", at, Fail);
        if (!Present(item, "success") && !Present(item, "dropout"))
        {
            Fail(at, "give success or dropout (or both), true or false");
        }

        if (success == true && dropout == true)
        {
            Fail($"{at}.dropout", "a pair that succeeded did not drop out: success and dropout cannot both be true");
        }

        DateTime observed = default;
        if (!item.TryGetProperty("observed_at", out JsonElement when) || when.ValueKind == JsonValueKind.Null)
        {
            Fail($"{at}.observed_at", "missing: give an ISO 8601 time with a time zone, e.g. 2025-03-01T09:30:00Z");
        }
        else if (when.ValueKind != JsonValueKind.String)
        {
            Fail($"{at}.observed_at", $"expected an ISO 8601 time string, found {Kind(when)}");
        }
        else if (!ZoneSuffix().IsMatch(when.GetString()!) || !when.TryGetDateTimeOffset(out DateTimeOffset t))
        {
            Fail($"{at}.observed_at", $"expected an ISO 8601 time with a time zone (Z or ±hh:mm), found \"{when.GetString()}\"");
        }
        else if (t.UtcDateTime > nowUtc + s_clockSkew)
        {
            Fail($"{at}.observed_at", $"{t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)} is in the future");
        }
        else
        {
            observed = t.UtcDateTime;
        }

        return ok
            ? new OutcomeRecord { PairId = pairId, RequestId = requestId, Success = success, Dropout = dropout, ObservedAtUtc = observed, ReceivedAtUtc = nowUtc, KeyId = keyId }
            : null;
    }

    private static bool Present(JsonElement item, string name) => item.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null;

    private static string? Id(JsonElement item, string name, string at, Action<string, string> fail)
    {
        if (!item.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            fail($"{at}.{name}", $"expected a string, found {Kind(v)}");
            return null;
        }

        string s = v.GetString()!;
        if (s.Length == 0 || s.Length > MaxIdLength || s.Any(char.IsControl))
        {
            fail($"{at}.{name}", $"expected 1 to {MaxIdLength} printable characters");
            return null;
        }

        return s;
    }

    private static bool? Flag(JsonElement item, string name, string at, Action<string, string> fail)
    {
        if (!item.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            fail($"{at}.{name}", $"expected true or false, found {Kind(v)}");
            return null;
        }

        return v.GetBoolean();
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex ZoneSuffix();
}

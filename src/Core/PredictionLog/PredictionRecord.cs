using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MatchModels.Core.PredictionLog;

/// <summary>
/// One logged prediction: the input of monitoring and the audit trail of who was scored, by which model version,
/// on which features. Column names are the JSON names (snake_case), so the Parquet files read the same from Python.
/// </summary>
/// <remarks>
/// With shadow mode on, a request has two sets of rows: the <see cref="PrimaryRole"/> rows of the version that
/// answered, and the <see cref="ShadowRole"/> rows of the challenger that scored the same pairs off the response path.
/// Both carry the request's id, time, key id and pair ids, so champion and challenger join on (request_id, pair_id);
/// each carries its own version and its own feature vector (the two versions may have different layouts).
/// </remarks>
public sealed record PredictionRecord
{
    /// <summary>The <see cref="Role"/> of a row whose prediction was returned to the caller.</summary>
    public const string PrimaryRole = "primary";

    /// <summary>The <see cref="Role"/> of a row scored in shadow mode: never returned to the caller, and not logged when the log queue has no room for it.</summary>
    public const string ShadowRole = "shadow";

    /// <summary>The server's id for the request, unique to it: outcomes reported by request id join on it.</summary>
    [JsonPropertyName("request_id")]
    public string RequestId { get; init; } = "";

    /// <summary>When the prediction was made (UTC); the day partition comes from it.</summary>
    [JsonPropertyName("time")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
    public DateTime TimeUtc { get; init; }

    /// <summary>The API key's id (never the key), or empty for an in-process caller.</summary>
    [JsonPropertyName("key_id")]
    public string KeyId { get; init; } = "";

    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    [JsonPropertyName("version")]
    public int Version { get; init; }

    /// <summary>The scored pair, when the caller named one; outcomes are joined on it or on the request id.</summary>
    [JsonPropertyName("pair_id")]
    public string? PairId { get; init; }

    /// <summary>The feature vector exactly as the model received it, in the order of the version's feature names.</summary>
    [JsonPropertyName("features")]
    public float[] Features { get; init; } = [];

    [JsonPropertyName("probability")]
    public double Probability { get; init; }

    /// <summary>The predicted label (probability at or above the model's threshold), when the route decided one.</summary>
    [JsonPropertyName("label")]
    public bool? Label { get; init; }

    /// <summary>
    /// <see cref="PrimaryRole"/> ("primary") or <see cref="ShadowRole"/> ("shadow"). Files written before this column
    /// existed hold primary rows only. <see cref="PredictionLogReader"/> reads them as primary because Parquet.Net leaves
    /// a property whose column is missing (or null) at its initial value, so keep the initializer; elsewhere (DuckDB's
    /// <c>union_by_name</c>, pandas) the missing column reads as null, which means primary too.
    /// </summary>
    [JsonPropertyName("role")]
    public string Role { get; init; } = PrimaryRole;

    /// <summary>
    /// The caller's own X-Request-Id, when it sent one: kept beside <see cref="RequestId"/> so a platform can find its
    /// requests, but never used to join, since a caller may send the same one twice. Null in files written before the
    /// column existed (Parquet.Net leaves a missing column's property at null; DuckDB's union_by_name reads null too).
    /// </summary>
    [JsonPropertyName("client_request_id")]
    public string? ClientRequestId { get; init; }

    /// <summary>The <see cref="Route"/> of rows that <c>matchmodels predict --log</c> scored offline.</summary>
    public const string BatchRoute = "batch";

    /// <summary>
    /// Where the prediction was made when not by a serving route: <see cref="BatchRoute"/> for <c>matchmodels predict --log</c>;
    /// null for the rows the serving host logs, and for files written before this column existed (Parquet.Net leaves a
    /// property whose column is missing at its initial value, null).
    /// </summary>
    [JsonPropertyName("route")]
    public string? Route { get; init; }

    /// <summary>
    /// The cut-off the pair's features were read at, when the scorer knew one: <c>matchmodels predict --log</c> writes each
    /// pair's as_of, so a replay of an older history can be windowed by when its pairs were decided rather than by when the
    /// batch ran (<c>monitor --time as-of</c>). Null for the rows the serving host logs, and for files written before this
    /// column existed (Parquet.Net leaves a property whose column is missing at its initial value, null).
    /// </summary>
    [JsonPropertyName("as_of")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
    public DateTime? AsOfUtc { get; init; }

    /// <summary>Records hold an array, so the generated equality would compare references; tests compare contents.</summary>
    public bool SameAs(PredictionRecord other) =>
        RequestId == other.RequestId && ClientRequestId == other.ClientRequestId && TimeUtc == other.TimeUtc && KeyId == other.KeyId && Model == other.Model && Version == other.Version &&
        PairId == other.PairId && Features.AsSpan().SequenceEqual(other.Features) && Probability.Equals(other.Probability) && Label == other.Label &&
        Role == other.Role && Route == other.Route && AsOfUtc == other.AsOfUtc;
}

using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MatchModels.Core.PredictionLog;

/// <summary>
/// An outcome an HR platform observed for a pair, joined later to logged predictions (by pair id or request id) to
/// track live performance. Success and drop-out are separate booleans because they are the labels of the two models
/// and a pair can be neither (it ran to the end without succeeding).
/// </summary>
public sealed record OutcomeRecord
{
    [JsonPropertyName("pair_id")]
    public string? PairId { get; init; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }

    /// <summary>Did the pair succeed (pair-success label); null when not yet known.</summary>
    [JsonPropertyName("success")]
    public bool? Success { get; init; }

    /// <summary>Did the pair (or participant) drop out (drop-out label); null when not yet known.</summary>
    [JsonPropertyName("dropout")]
    public bool? Dropout { get; init; }

    [JsonPropertyName("observed_at")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
    public DateTime ObservedAtUtc { get; init; }

    /// <summary>When the API received the report (UTC); the day partition comes from it.</summary>
    [JsonPropertyName("received_at")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds)]
    public DateTime ReceivedAtUtc { get; init; }

    /// <summary>The reporting API key's id.</summary>
    [JsonPropertyName("key_id")]
    public string KeyId { get; init; } = "";
}

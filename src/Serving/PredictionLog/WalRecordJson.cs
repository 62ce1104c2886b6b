using System.Text.Json.Serialization;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// How records are encoded in write-ahead frames: JSON with the records' own snake_case names (a segment can be read
/// with any JSON tool), generated at build time so encoding on the request path reflects over nothing. NaN and
/// infinities are allowed because feature vectors may hold them; Parquet keeps them as they are.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PredictionRecord))]
[JsonSerializable(typeof(OutcomeRecord))]
public sealed partial class WalRecordJson : JsonSerializerContext;

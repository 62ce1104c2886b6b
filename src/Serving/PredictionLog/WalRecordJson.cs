using System.Text.Json.Serialization;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// How records are encoded in write-ahead frames: JSON with the records' own snake_case names (a segment can be read
/// with any JSON tool), generated at build time so encoding on the request path reflects over nothing. Feature vectors
/// are base64 float32 bytes (<see cref="WalFeatureVector"/>), so NaN and infinities are kept exactly; Parquet keeps them
/// as they are. Named floating-point literals stay allowed for format-1 segments, whose vectors are number arrays.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = [typeof(WalFeatureVector)])]
[JsonSerializable(typeof(PredictionRecord))]
[JsonSerializable(typeof(OutcomeRecord))]
public sealed partial class WalRecordJson : JsonSerializerContext;

using System.Text.Json.Serialization;
using MatchModels.Serving.Inference;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving;

/// <summary>
/// Serializers generated at build time for the scoring responses, in the API's snake_case: the hot routes skip the
/// reflection-based serializer. Other types fall through to the reflection resolver with the same naming.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(RankResponse))]
[JsonSerializable(typeof(InferResponse))]
internal sealed partial class ServingJson : JsonSerializerContext;

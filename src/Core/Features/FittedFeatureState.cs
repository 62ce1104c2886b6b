using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Core.Features;

/// <summary>
/// What a feature builder learned from the training rows and nothing else: the goals-text vocabulary with its
/// IDF, latent (LSA) and non-negative themes, and the values that stand in for "not known yet" (a mentor with no finished pair, a pair with no rating).
/// Saved with the model so that scoring rebuilds exactly the features the model was trained on.
/// </summary>
public sealed record FittedFeatureState(
    string FeatureSet,
    IReadOnlyList<string> FeatureNames,
    int? HorizonDays,
    TfIdfVocabulary Vocabulary,
    LatentTopics Topics,
    GoalThemes Themes,
    double MentorPriorSuccessRateDefault,
    double MeanMenteeRatingDefault,
    double MeanMentorRatingDefault)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static FittedFeatureState FromJson(string json) =>
        JsonSerializer.Deserialize<FittedFeatureState>(json, s_json) ?? throw new FormatException("empty fitted feature state");
}

using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.Features.Esco;

namespace MatchModels.Core.Features;

/// <summary>
/// What a feature builder learned from the training rows and nothing else: the goals-text vocabulary with its
/// IDF, latent (LSA) and non-negative themes, the inverse document frequencies of ESCO skill concepts among the
/// training participants (<see cref="ConceptIdf"/>), the goals terms' associations with listed skills
/// (<see cref="SkillAnchors"/>), and the values that stand in for "not known yet" (a mentor with no finished pair, a pair with no rating), the encoding of the pipeline's declared columns (<see cref="Custom"/>), and the treatment of absent and missing profile fields (<see cref="Profile"/>).
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
    double MeanMentorRatingDefault,
    ConceptWeights ConceptIdf,
    SkillAnchors SkillAnchors)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The pipeline's declared columns as fitted on the training participants; null when it declares none.</summary>
    public CustomFeatureEncoding? Custom { get; init; }

    /// <summary>
    /// The optional profile fields as training found them (ADR 0022): those absent, and the fills and indicators of
    /// missing values; null for a complete history, and then left out of the JSON, so such a model's file is unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProfileTreatment? Profile { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static FittedFeatureState FromJson(string json) =>
        JsonSerializer.Deserialize<FittedFeatureState>(json, s_json) ?? throw new FormatException("empty fitted feature state");
}

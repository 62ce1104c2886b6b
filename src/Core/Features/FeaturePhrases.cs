namespace MatchModels.Core.Features;

/// <summary>
/// Short plain-language names for model features, for explanations shown to HR staff ("shared skills" rather than
/// skill_overlap_count). The full definitions stay on <see cref="FeatureDefinition"/>.
/// </summary>
public static class FeaturePhrases
{
    private static readonly Dictionary<string, string> s_phrases = new(StringComparer.Ordinal)
    {
        ["skill_overlap_count"] = "skills the mentor offers that the mentee wants",
        ["skill_jaccard"] = "overlap of the two skill sets",
        ["goals_similarity"] = "similar wording of goals and skills",
        ["goals_coverage"] = "how much of the mentee's goals the mentor covers",
        ["goals_topic_similarity"] = "goals on the same themes",
        ["goals_theme_coverage"] = "how many of the mentee's themes the mentor writes about",
        ["goals_skill_similarity"] = "wanted and offered skills alike, listed or written about",
        ["goals_skill_coverage"] = "how many of the skills the mentee wants the mentor offers, listed or written about",
        ["concept_similarity"] = "goals on the same ESCO skills",
        ["concept_coverage"] = "how many of the mentee's ESCO skills the mentor offers",
        ["concept_group_coverage"] = "how many of the mentee's broader ESCO skill areas the mentor offers",
        ["level_gap"] = "job level gap (mentor minus mentee)",
        ["mentee_job_level"] = "mentee's job level",
        ["same_department"] = "same department",
        ["same_site"] = "same site",
        ["timezone_gap_h"] = "time zone gap in hours",
        ["shared_language"] = "share a working language",
        ["shared_language_count"] = "number of shared languages",
        ["availability_min_h"] = "hours per month both can give",
        ["same_reporting_line"] = "same reporting line",
        ["mentor_active_pairs"] = "mentor's current mentees",
        ["mentor_free_capacity"] = "mentor's free places",
        ["mentor_prior_pairs"] = "mentor's finished pairings",
        ["mentor_prior_success_rate"] = "mentor's past completion rate",
        ["mentee_tenure_years"] = "mentee's years at the company",
        ["mentor_tenure_years"] = "mentor's years at the company",
        ["sessions_so_far"] = "sessions held so far",
        ["minutes_so_far"] = "minutes of sessions so far",
        ["days_since_last_session"] = "days since the last session",
        ["first_session_delay_days"] = "days until the first session",
        ["mean_mentee_rating_so_far"] = "mentee's session ratings",
        ["mean_mentor_rating_so_far"] = "mentor's session ratings",
    };

    private const string CustomPrefix = "custom_";

    private const string MissingSuffix = "_missing";

    private static readonly (string Suffix, string Format)[] s_comparisons =
    [
        ("_abs_diff", "{0} gap"),
        ("_diff", "{0} difference (mentor minus mentee)"),
        ("_ratio", "{0} ratio (mentor to mentee)"),
        ("_same", "same {0}"),
        ("_overlap", "shared {0}"),
        ("_jaccard", "overlap of {0}"),
        ("_similarity", "similar {0}"),
    ];

    /// <summary>A declared column's feature (CustomFeatureEncoding's names, without "custom_"): "mentee's band is senior", "same band".</summary>
    private static string Declared(string name)
    {
        foreach (string side in (string[])["mentee", "mentor"])
        {
            if (name.StartsWith(side + "_", StringComparison.Ordinal))
            {
                string rest = name[(side.Length + 1)..];
                int eq = rest.IndexOf('=', StringComparison.Ordinal);
                return eq > 0 ? $"{side}'s {Words(rest[..eq])} is {rest[(eq + 1)..]}"
                    : rest.EndsWith("_missing", StringComparison.Ordinal) ? $"{side}'s {Words(rest[..^"_missing".Length])} not given"
                    : $"{side}'s {Words(rest)}";
            }
        }

        foreach ((string suffix, string format) in s_comparisons)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Words(name[..^suffix.Length]));
            }
        }

        return Words(name);
    }

    private static string Words(string name) => name.Replace('_', ' ');

    /// <summary>The phrase for <paramref name="feature"/>; audit columns ("mentee_gender=female") read as "mentee's gender is female", declared columns' features as their column and transform ("same band"); unknown names come back unchanged.</summary>
    public static string Of(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (s_phrases.TryGetValue(feature, out string? phrase))
        {
            return phrase;
        }

        if (feature.StartsWith(CustomPrefix, StringComparison.Ordinal))
        {
            return Declared(feature[CustomPrefix.Length..]);
        }

        // A profile field's missing-value indicator (ADR 0022): "mentee_job_level_missing".
        if (feature.EndsWith(MissingSuffix, StringComparison.Ordinal) && (feature.StartsWith("mentee_", StringComparison.Ordinal) || feature.StartsWith("mentor_", StringComparison.Ordinal)))
        {
            string side = feature[..6], field = feature[7..^MissingSuffix.Length];
            return $"{side}'s {Words(field)} is not recorded";
        }

        int eq = feature.IndexOf('=', StringComparison.Ordinal);
        int underscore = feature.IndexOf('_', StringComparison.Ordinal);
        return eq > 0 && underscore > 0 && underscore < eq
            ? $"{feature[..underscore]}'s {feature[(underscore + 1)..eq].Replace('_', ' ')} is {feature[(eq + 1)..].Replace('_', ' ')}"
            : feature;
    }
}

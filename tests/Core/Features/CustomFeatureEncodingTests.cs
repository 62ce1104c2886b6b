using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Core.Tests.Features;

/// <summary>The declared columns' features (ADR 0021), checked on paper, and the same numbers after the fitted state's JSON round trip.</summary>
public sealed class CustomFeatureEncodingTests
{
    private static readonly DeclaredColumn s_rating = new("rating", DeclaredColumnType.Numeric, Optional: true, null, false,
        [ColumnTransform.Mentee, ColumnTransform.Mentor, ColumnTransform.AbsDiff, ColumnTransform.Diff, ColumnTransform.Ratio]);

    private static readonly DeclaredColumn s_family = new("family", DeclaredColumnType.Category, Optional: false, null, false, [ColumnTransform.Mentee, ColumnTransform.Same]);
    private static readonly DeclaredColumn s_remote = new("remote", DeclaredColumnType.Boolean, Optional: false, null, false, [ColumnTransform.Same, ColumnTransform.Mentor]);
    private static readonly DeclaredColumn s_hobbies = new("hobbies", DeclaredColumnType.List, Optional: false, null, false, [ColumnTransform.Overlap, ColumnTransform.Jaccard, ColumnTransform.Mentee]);
    private static readonly DeclaredColumn s_bio = new("bio", DeclaredColumnType.Text, Optional: false, null, false, [ColumnTransform.Similarity]);
    private static readonly DeclaredColumn s_ethnicity = new("ethnicity", DeclaredColumnType.Category, Optional: false, null, AuditOnly: true, []);

    private static readonly DeclaredColumn[] s_all = [s_rating, s_family, s_remote, s_hobbies, s_bio, s_ethnicity];

    private static Participant Person(string id, double? rating, string family, bool remote, string[] hobbies, string bio) =>
        TinyHistory.Mentee(id) with
        {
            Custom = new Dictionary<string, CustomValue>
            {
                ["rating"] = rating is { } r ? CustomValue.Of(r) : CustomValue.Missing,
                ["family"] = CustomValue.Of(family),
                ["remote"] = CustomValue.Of(remote),
                ["hobbies"] = CustomValue.Of(hobbies),
                ["bio"] = CustomValue.Of(bio),
                ["ethnicity"] = CustomValue.Of("x"),
            },
        };

    private static readonly Participant[] s_training =
    [
        Person("a", 3, "eng", true, ["chess", "golf"], "loves chess and golf"),
        Person("b", 5, "eng", false, ["golf"], "golf every weekend"),
        Person("c", 4, "fin", true, ["tennis"], "tennis and chess"),
        Person("d", null, "sales", false, [], "new here"),
    ];

    private static float[] Encode(CustomFeatureEncoding encoding, Participant mentee, Participant mentor)
    {
        var row = new float[encoding.Width];
        encoding.Encode(mentee, mentor, row);
        return row;
    }

    [Fact]
    public void Names_follow_the_declaration_with_indicators_for_optional_columns_and_nothing_for_audit_only()
    {
        CustomFeatureEncoding encoding = CustomFeatureEncoding.Fit(s_all, s_training);

        Assert.Equal(
            [
                "custom_mentee_rating", "custom_mentor_rating", "custom_rating_abs_diff", "custom_rating_diff", "custom_rating_ratio",
                "custom_mentee_rating_missing", "custom_mentor_rating_missing",
                "custom_mentee_family=eng", "custom_mentee_family=fin", "custom_mentee_family=sales", "custom_mentee_family=(other)", "custom_family_same",
                "custom_remote_same", "custom_mentor_remote",
                "custom_hobbies_overlap", "custom_hobbies_jaccard", "custom_mentee_hobbies_count",
                "custom_bio_similarity",
            ],
            encoding.Names);
    }

    [Fact]
    public void A_pair_encodes_to_the_values_worked_by_hand()
    {
        CustomFeatureEncoding encoding = CustomFeatureEncoding.Fit(s_all, s_training);

        float[] row = Encode(encoding, s_training[0], s_training[1]);

        // rating 3 → 5: abs 2, diff +2, ratio 5/3; family eng/eng; remote true/false; hobbies {chess, golf} ∩ {golf} = 1 of 2.
        Assert.Equal([3f, 5f, 2f, 2f, 5f / 3f, 0f, 0f, 1f, 0f, 0f, 0f, 1f, 0f, 0f, 1f, 0.5f, 2f], row[..^1]);
        Assert.InRange(row[^1], 0.01f, 0.99f); // both bios hold the fitted term "golf"
    }

    [Fact]
    public void A_missing_value_is_filled_with_the_training_median_and_flagged()
    {
        CustomFeatureEncoding encoding = CustomFeatureEncoding.Fit(s_all, s_training);

        float[] row = Encode(encoding, s_training[3], s_training[0]);

        Assert.Equal(4f, row[0]); // median of 3, 5, 4
        Assert.Equal((1f, 0f), (row[5], row[6]));
    }

    [Fact]
    public void A_category_value_not_seen_in_training_falls_in_the_other_bucket_and_declared_values_need_none()
    {
        CustomFeatureEncoding fitted = CustomFeatureEncoding.Fit(s_all, s_training);
        Participant stranger = Person("z", 1, "legal", true, [], "");

        float[] row = Encode(fitted, stranger, s_training[0]);

        Assert.Equal([0f, 0f, 0f, 1f, 0f], row[7..12]);
        CustomFeatureEncoding declared = CustomFeatureEncoding.Fit([s_family with { Values = ["eng", "fin"] }], s_training);
        Assert.Equal(["custom_mentee_family=eng", "custom_mentee_family=fin", "custom_family_same"], declared.Names);
    }

    [Fact]
    public void A_fitted_category_keeps_its_most_frequent_values_up_to_the_cap()
    {
        Participant[] many = [.. Enumerable.Range(0, 30).SelectMany(i => Enumerable.Repeat(Person($"p{i}-", 1, $"v{i:00}", true, [], ""), 30 - i).Select((p, k) => p with { ParticipantId = $"p{i}-{k}" }))];

        CustomFeatureEncoding encoding = CustomFeatureEncoding.Fit([s_family], many);

        Assert.Equal(CustomFeatureEncoding.MaxFittedCategories + 2, encoding.Width);
        Assert.Contains("custom_mentee_family=v00", encoding.Names);
        Assert.Contains("custom_mentee_family=v19", encoding.Names);
        Assert.DoesNotContain("custom_mentee_family=v20", encoding.Names);
    }

    [Fact]
    public void The_fitted_state_round_trips_through_json_to_the_same_numbers()
    {
        CustomFeatureEncoding encoding = CustomFeatureEncoding.Fit(s_all, s_training);
        FittedFeatureState state = PairFeatureBuilder.PairSuccess.Fit([new PointInTimeHistory(TinyHistory.Build()).Snapshot(TinyHistory.Build().Pairs[3], TinyHistory.Start, false)]) with { Custom = encoding };

        FittedFeatureState again = FittedFeatureState.FromJson(state.ToJson());

        Assert.Contains("\"abs_diff\"", state.ToJson(), StringComparison.Ordinal);
        Assert.Equal(encoding.Names, again.Custom!.Names);
        foreach ((Participant a, Participant b) in s_training.Zip(s_training.Reverse()))
        {
            Assert.Equal(Encode(encoding, a, b), Encode(again.Custom, a, b));
        }
    }
}

using MatchModels.Core.Features;

namespace MatchModels.Core.Tests.Features;

public sealed class SkillAnchorsTests
{
    // Five people write "budgets" and list finance; five write "pitching" and list sales; "weekly" appears with both.
    private static readonly (string, IReadOnlyList<string>)[] s_people =
    [
        .. Enumerable.Repeat(("budgets weekly", (IReadOnlyList<string>)["Finance"]), 5),
        .. Enumerable.Repeat(("pitching weekly", (IReadOnlyList<string>)["sales "]), 5),
    ];

    [Fact]
    public void A_term_is_anchored_to_the_skills_listed_by_the_people_who_write_it()
    {
        SkillAnchors anchors = SkillAnchors.Fit(s_people);

        Assert.Equal(["finance", "sales"], anchors.Skills);
        TermAnchor budget = anchors.Anchors.Single(a => a.Term == "budget");
        Assert.Equal([0], budget.Skills);
        Assert.Equal(1.0, budget.Dice[0], 12); // 2·5 / (5 + 5)

        // weekly: 10 people, 5 with each skill: Dice 2·5 / (10 + 5) for both, the lower index first.
        TermAnchor weekly = anchors.Anchors.Single(a => a.Term == "weekly");
        Assert.Equal([0, 1], weekly.Skills);
        Assert.Equal(2.0 * 5 / 15, weekly.Dice[1], 12);
    }

    [Fact]
    public void A_profile_joins_listed_skills_and_the_skills_the_text_is_about()
    {
        SkillAnchors anchors = SkillAnchors.Fit(s_people);

        // Listed sales (1) + budget → finance (1): equal weights, unit length.
        SparseVector p = anchors.Profile("budgets", ["SALES"]);
        Assert.Equal([0, 1], p.Indices);
        Assert.Equal(1 / Math.Sqrt(2), p.Weights[0], 12);
        Assert.Equal(1 / Math.Sqrt(2), p.Weights[1], 12);

        // A mentee who writes about budgets meets a mentor who lists finance without writing about it.
        Assert.Equal(1.0, anchors.Profile("budgets", []).CoveredBy(anchors.Profile("", ["finance"])), 12);
        Assert.Empty(anchors.Profile("gardening", ["knitting"]).Indices);
    }

    [Fact]
    public void Associations_seen_on_too_few_people_are_left_out()
    {
        SkillAnchors anchors = SkillAnchors.Fit([.. s_people.Take(SkillAnchors.MinCooccurrences - 1)]);

        Assert.Empty(anchors.Anchors);
    }
}

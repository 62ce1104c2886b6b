using MatchModels.Core.Features;
using MatchModels.Core.Features.Esco;

namespace MatchModels.Core.Tests.Features.Esco;

public sealed class SkillConceptsTests
{
    // English labels only, so that the terms do not depend on the ESCO dictionary:
    // A {negoti, contract}, B {draft, contract}, C {speak, public}; N = 3, idf(contract) = ln 1.5, the others ln 3.
    private static readonly SkillConcepts s_space = new(
    [
        new EscoSkill("A", false, ["negotiate contracts"], [], ["B"]),
        new EscoSkill("B", false, ["draft contracts"], [], []),
        new EscoSkill("C", false, ["speak in public"], [], []),
    ]);

    private static readonly double s_ln3 = Math.Log(3), s_ln15 = Math.Log(1.5);

    [Fact]
    public void A_text_scores_each_concept_by_the_dot_product_of_tf_idf_weights()
    {
        SparseVector v = s_space.Read("negotiate contracts");

        // A's unit vector is (ln3, ln1.5)/√(ln3² + ln1.5²), the text's is (ln3, ln1.5): their dot is the norm.
        double norm = Math.Sqrt((s_ln3 * s_ln3) + (s_ln15 * s_ln15));
        Assert.Equal([0, 1], v.Indices);
        Assert.Equal(norm, v.Weights[0], 6);
        Assert.Equal(s_ln15 * s_ln15 / norm, v.Weights[1], 6);
    }

    [Fact]
    public void A_text_with_no_label_word_reads_as_no_concept()
    {
        Assert.Empty(s_space.Read("sourdough baking").Indices);
        Assert.Empty(s_space.Read("").Indices);
    }

    [Fact]
    public void Lifting_moves_a_concepts_weight_onto_its_broader_skill()
    {
        SparseVector lifted = s_space.Broader(s_space.Read("negotiate contracts"));

        double norm = Math.Sqrt((s_ln3 * s_ln3) + (s_ln15 * s_ln15));
        Assert.Equal([1], lifted.Indices);
        Assert.Equal(norm + (s_ln15 * s_ln15 / norm), lifted.Weights[0], 6);
    }

    [Fact]
    public void Only_the_strongest_concepts_are_kept()
    {
        // Every concept holds "coaching" once beside one other word, so they tie and the lower indices are kept;
        // ten unrelated concepts keep its IDF above zero.
        var skills = Enumerable.Range(0, SkillConcepts.TopConcepts + 10)
            .Select(i => new EscoSkill($"s{i}", false, [$"coaching topic{i}"], [], []))
            .Concat(Enumerable.Range(0, 10).Select(i => new EscoSkill($"u{i}", false, [$"welding metal{i}"], [], [])))
            .ToList();
        var space = new SkillConcepts(skills);

        Assert.Equal(SkillConcepts.TopConcepts, space.Read("coaching").Indices.Length);
        Assert.Equal(Enumerable.Range(0, SkillConcepts.TopConcepts), space.Read("coaching").Indices);
    }

    [Fact]
    public void The_same_skill_in_french_and_english_meets_on_esco_concepts()
    {
        SkillConcepts esco = SkillConcepts.Esco;
        SparseVector fr = esco.Read("gérer les conflits au sein d'une équipe");
        SparseVector en = esco.Read("handle conflicts in a team");

        Assert.True(fr.Cosine(en) > 0.5, $"cosine {fr.Cosine(en)}");
        Assert.True(fr.Cosine(esco.Read("bake sourdough bread")) < 0.1);
    }

    [Fact]
    public void Concept_weights_discount_concepts_every_training_text_holds()
    {
        SparseVector common = new([0], [1.0]), rare = new([2], [1.0]);
        ConceptWeights w = ConceptWeights.Fit([common, common, new SparseVector([0, 2], [1.0, 1.0])], s_space);

        // df(A) = 3, df(C) = 1 of N = 3: idf ln(4/4) + 1 = 1 and ln(4/2) + 1.
        Assert.Equal(1.0, w.Idf["A"], 12);
        Assert.Equal(Math.Log(2) + 1, w.Idf["C"], 12);
        SparseVector applied = w.Apply(new SparseVector([0, 2], [1.0, 1.0]), s_space);
        double n = Math.Sqrt(1 + Math.Pow(Math.Log(2) + 1, 2));
        Assert.Equal(1 / n, applied.Weights[0], 12);
        Assert.Equal((Math.Log(2) + 1) / n, applied.Weights[1], 12);
        Assert.Equal(1.0, w.Apply(rare, s_space).Norm(), 12);
    }
}

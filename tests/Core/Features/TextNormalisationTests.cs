using MatchModels.Core.Features;

namespace MatchModels.Core.Tests.Features;

public sealed class TextNormalisationTests
{
    [Fact]
    public void French_and_english_forms_share_terms()
    {
        List<string> fr = TextNormalisation.Terms("Je veux négocier des contrats avec nos fournisseurs.");
        List<string> en = TextNormalisation.Terms("I want to negotiate contracts with our suppliers");

        Assert.Contains("negoti", fr); // négocier → negoci, which ESCO's labels align with negotiate → negoti
        Assert.Contains("negoti", en);
        Assert.Contains("contract", fr);
        Assert.DoesNotContain("avec", fr);
        Assert.DoesNotContain("with", en);
    }

    [Fact]
    public void Only_function_words_are_dropped()
    {
        // Content words that carry little meaning in one programme's texts are left for the IDF to weigh.
        List<string> terms = TextNormalisation.Terms("I would like to learn and improve with help");

        Assert.Equal(["like", "learn", "improv", "help"], terms);
    }

    [Theory]
    [InlineData("negotiations", "negoti")]
    [InlineData("managers", "manag")]
    [InlineData("management", "manag")]
    [InlineData("speaking", "speak")]
    public void Stems_and_folds_accents(string word, string expected) =>
        Assert.Equal([expected], TextNormalisation.Terms(word));

    [Fact]
    public void Idf_follows_the_smoothed_formula()
    {
        TfIdfVocabulary v = TfIdfVocabulary.Fit(["budget planning", "budget review", "planning budget", "coaching"]);

        // budget in 3 of 4 documents: ln(5/4) + 1; planning in 2: ln(5/3) + 1; review and coaching appear once and are left out.
        Assert.Equal(["budget", "plann"], v.Terms);
        Assert.Equal(Math.Log(5.0 / 4) + 1, v.Idf[0], 12);
        Assert.Equal(Math.Log(5.0 / 3) + 1, v.Idf[1], 12);
    }

    [Fact]
    public void Cosine_of_a_document_with_itself_is_one_and_with_a_disjoint_one_zero()
    {
        TfIdfVocabulary v = TfIdfVocabulary.Fit(["budget planning", "budget review", "planning budget", "review coaching", "coaching"]);

        SparseVector a = v.Vectorise("budget planning");
        Assert.Equal(1.0, a.Dot(a), 12);
        Assert.Equal(0.0, a.Dot(v.Vectorise("coaching review")), 12);
    }
}

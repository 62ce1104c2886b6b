using MatchModels.Core.Features;

namespace MatchModels.Core.Tests.Features;

public sealed class TextNormalisationTests
{
    [Fact]
    public void French_and_english_forms_share_terms()
    {
        var fr = TextNormalisation.Terms("Je souhaite améliorer ma prise de parole et mon leadership.");
        var en = TextNormalisation.Terms("I want to work on public speaking and leadership");

        Assert.Contains("lead", fr); // leadership -> leader -> lead
        Assert.Contains("lead", en);
        Assert.Contains("speak", fr); // "prise de parole" is mapped onto "public speaking"
        Assert.Contains("speak", en);
        Assert.DoesNotContain("souhaite", fr);
        Assert.DoesNotContain("and", en);
    }

    [Fact]
    public void French_expressions_are_mapped_onto_their_english_terms()
    {
        var fr = TextNormalisation.Terms("Progresser en prise de parole et en gestion de projet, mieux négocier");
        var en = TextNormalisation.Terms("public speaking, project management, negotiate");

        Assert.Equal(en.Order(StringComparer.Ordinal), fr.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("négociation", "negoti")]
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

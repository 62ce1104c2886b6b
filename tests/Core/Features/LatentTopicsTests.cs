using MatchModels.Core.Features;

namespace MatchModels.Core.Tests.Features;

public sealed class LatentTopicsTests
{
    // Two themes that never share a word: budgets (budget, forecast, cost) and speaking (speaking, stage, audience).
    private static readonly string[] s_corpus =
    [
        "budget forecast", "forecast cost", "budget cost", "budget forecast cost",
        "speaking stage", "stage audience", "speaking audience", "speaking stage audience",
    ];

    [Fact]
    public void Texts_on_the_same_theme_in_different_words_are_similar()
    {
        TfIdfVocabulary v = TfIdfVocabulary.Fit(s_corpus);
        LatentTopics topics = LatentTopics.Fit(s_corpus.Select(v.Vectorise).ToList(), v.Terms.Count, dimensions: 2);

        // As one-word texts, "budget" and "cost" share no term, so plain tf-idf sees nothing in common.
        SparseVector a = v.Vectorise("budget"), b = v.Vectorise("cost"), c = v.Vectorise("audience");
        Assert.Equal(0, a.Dot(b));
        Assert.InRange(topics.Similarity(a, b), 0.9, 1.0 + 1e-9);
        Assert.InRange(topics.Similarity(a, c), -0.1, 0.1);
    }

    [Fact]
    public void Fitting_twice_gives_the_same_numbers()
    {
        TfIdfVocabulary v = TfIdfVocabulary.Fit(s_corpus);
        var docs = s_corpus.Select(v.Vectorise).ToList();

        LatentTopics first = LatentTopics.Fit(docs, v.Terms.Count, 2);
        LatentTopics second = LatentTopics.Fit(docs, v.Terms.Count, 2);

        Assert.Equal(first.TermIndices, second.TermIndices);
        Assert.Equal(first.Components.SelectMany(x => x), second.Components.SelectMany(x => x));
    }

    [Fact]
    public void An_empty_vocabulary_gives_no_themes_and_zero_similarity()
    {
        LatentTopics topics = LatentTopics.Fit([], 0);

        Assert.Empty(topics.Components);
        Assert.Equal(0, topics.Similarity(new SparseVector([], []), new SparseVector([], [])));
    }

    [Fact]
    public void Coverage_is_the_weighted_share_of_one_side_found_in_the_other()
    {
        var wants = new SparseVector([1, 4, 7], [0.5, 0.3, 0.2]);
        var offers = new SparseVector([0, 4, 7, 9], [0.25, 0.25, 0.25, 0.25]);

        Assert.Equal(0.5, wants.CoveredBy(offers), 12);
        Assert.Equal(0.5, offers.CoveredBy(wants), 12);
        Assert.Equal(0, new SparseVector([], []).CoveredBy(offers));
    }
}

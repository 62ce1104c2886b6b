using MatchModels.Core.History;
using MatchModels.Core.Synthetic;

namespace MatchModels.Core.Tests.Synthetic;

public sealed class GoalsTextVocabularyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void No_topic_phrase_hides_inside_another_phrase_or_a_template(bool mentor)
    {
        var phrases = GoalsTextVocabulary.Topics
            .SelectMany((t, i) => new[] { false, true }.SelectMany(fr => t.Phrases(mentor, fr)).Select(p => (Topic: i, Phrase: p)))
            .ToList();
        var fixedText = mentor
            ? GoalsTextVocabulary.MentorOpeningEnglish.Concat(GoalsTextVocabulary.MentorOpeningFrench).Concat(GoalsTextVocabulary.MentorFollowUpEnglish)
                .Concat(GoalsTextVocabulary.MentorFollowUpFrench).Concat(GoalsTextVocabulary.MentorClosingEnglish).Concat(GoalsTextVocabulary.MentorClosingFrench)
            : GoalsTextVocabulary.MenteeOpeningEnglish.Concat(GoalsTextVocabulary.MenteeOpeningFrench).Concat(GoalsTextVocabulary.MenteeFollowUpEnglish)
                .Concat(GoalsTextVocabulary.MenteeFollowUpFrench).Concat(GoalsTextVocabulary.MenteeClosingEnglish).Concat(GoalsTextVocabulary.MenteeClosingFrench);

        foreach ((int topic, string phrase) in phrases)
        {
            Assert.DoesNotContain(phrases, o => o.Phrase != phrase && o.Phrase.Contains(phrase, StringComparison.Ordinal));
            Assert.DoesNotContain(fixedText, t => t.Contains(phrase, StringComparison.Ordinal));
            Assert.Equal(1, phrases.Count(o => o.Phrase == phrase && o.Topic == topic));
        }
    }

    [Fact]
    public void Topics_can_be_read_back_from_any_composed_text()
    {
        var rng = new Random(3);
        for (int n = 0; n < 3000; n++)
        {
            bool mentor = rng.Next(2) == 0, french = rng.Next(2) == 0;
            int[] topics = Enumerable.Range(0, GoalsTextVocabulary.Topics.Count).OrderBy(_ => rng.Next()).Take(rng.Next(1, 5)).ToArray();
            string text = ComposeGoalsText.For(rng, mentor, french, topics);

            int expected = topics.Aggregate(0, (m, t) => m | (1 << t));
            Assert.Equal(expected, GoalsTextVocabulary.TopicsMentionedIn(text, mentor ? Role.Mentor : Role.Mentee));
        }
    }

    [Theory]
    [InlineData("être plus à l'aise avec les données", "Mon objectif principal est d'être plus à l'aise avec les données.")]
    [InlineData("améliorer mes présentations orales", "Mon objectif principal est d'améliorer mes présentations orales.")]
    [InlineData("mieux gérer mon temps", "Mon objectif principal est de mieux gérer mon temps.")]
    public void French_de_is_elided_before_a_vowel(string phrase, string expected) =>
        Assert.Equal(expected, ComposeGoalsText.Fill("Mon objectif principal est {de} {0}.", phrase));

    [Fact]
    public void Phrases_are_joined_with_commas_and_a_final_and()
    {
        Assert.Equal("a, b and c", ComposeGoalsText.JoinPhrases(["a", "b", "c"], french: false));
        Assert.Equal("a et b", ComposeGoalsText.JoinPhrases(["a", "b"], french: true));
        Assert.Equal("a", ComposeGoalsText.JoinPhrases(["a"], french: true));
    }

    [Fact]
    public void Skills_are_distinct_lower_case_list_items()
    {
        IReadOnlyList<string> skills = GoalsTextVocabulary.Skills;

        Assert.Equal(skills.Count, skills.Distinct(StringComparer.Ordinal).Count());
        Assert.True(skills.Count <= 64, "skills must fit the 64-bit skill mask");
        Assert.All(skills, s => Assert.Equal(s.Trim().ToLowerInvariant(), s));
        Assert.All(skills, s => Assert.DoesNotContain(';', s));
        Assert.Equal(12, GoalsTextVocabulary.Topics.Count);
    }
}

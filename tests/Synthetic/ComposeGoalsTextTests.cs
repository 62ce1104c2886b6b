using MatchModels.Core.History;

namespace MatchModels.Synthetic.Tests;

public sealed class ComposeGoalsTextTests
{
    [Theory]
    [InlineData(Banks.BuiltInName)]
    [InlineData(Banks.ParaphraseName)]
    public void Topics_can_be_read_back_from_any_composed_text(string name)
    {
        PhraseBank bank = Banks.Named(name);
        var rng = new Random(3);
        for (int n = 0; n < 3000; n++)
        {
            bool mentor = rng.Next(2) == 0, french = rng.Next(2) == 0;
            int[] topics = Enumerable.Range(0, TopicIds.All.Count).OrderBy(_ => rng.Next()).Take(rng.Next(1, 5)).ToArray();
            string text = ComposeGoalsText.For(rng, bank, mentor, french, topics);

            int expected = topics.Aggregate(0, (m, t) => m | (1 << t));
            Assert.Equal(expected, bank.TopicsMentionedIn(text, mentor ? Role.Mentor : Role.Mentee));
        }
    }

    [Fact]
    public void The_draws_do_not_depend_on_the_bank()
    {
        var a = new Random(5);
        var b = new Random(5);
        for (int n = 0; n < 500; n++)
        {
            int[] topics = [n % 12, (n + 5) % 12];
            ComposeGoalsText.For(a, PhraseBank.BuiltIn, mentor: n % 2 == 0, french: n % 3 == 0, topics);
            ComposeGoalsText.For(b, Banks.Paraphrase, mentor: n % 2 == 0, french: n % 3 == 0, topics);
        }

        Assert.Equal(a.Next(), b.Next());
    }

    [Theory]
    [InlineData("être plus à l'aise avec les données", "Mon objectif principal est d'être plus à l'aise avec les données.")]
    [InlineData("améliorer mes présentations orales", "Mon objectif principal est d'améliorer mes présentations orales.")]
    [InlineData("mieux gérer mon temps", "Mon objectif principal est de mieux gérer mon temps.")]
    [InlineData("y voir plus clair sur l'infrastructure hébergée", "Mon objectif principal est d'y voir plus clair sur l'infrastructure hébergée.")]
    public void French_de_is_elided_before_a_vowel(string phrase, string expected) =>
        Assert.Equal(expected, ComposeGoalsText.Fill("Mon objectif principal est {de} {0}.", phrase));

    [Fact]
    public void Phrases_are_joined_with_commas_and_a_final_and()
    {
        Assert.Equal("a, b and c", ComposeGoalsText.JoinPhrases(["a", "b", "c"], french: false));
        Assert.Equal("a et b", ComposeGoalsText.JoinPhrases(["a", "b"], french: true));
        Assert.Equal("a", ComposeGoalsText.JoinPhrases(["a"], french: true));
    }
}

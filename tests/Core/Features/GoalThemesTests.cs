using MatchModels.Core.Features;
using MatchModels.Core.History;

namespace MatchModels.Core.Tests.Features;

public sealed class GoalThemesTests
{
    // Two themes both roles write about, budgets and speaking: each document names its skills in shared words
    // ("budget forecast", "speaking stage") and adds its own wording, which differs between mentees and mentors.
    // Some mentors also close with a line no mentee writes ("weekly calls").
    private static readonly (string Text, Role Role)[] s_corpus =
    [
        ("budget forecast cut spending", Role.Mentee), ("budget forecast plan spending", Role.Mentee), ("budget forecast cut costs", Role.Mentee),
        ("speaking stage calm nerves", Role.Mentee), ("speaking stage present confidently", Role.Mentee), ("speaking stage nerves", Role.Mentee),
        ("budget forecast cut spending speaking stage calm nerves", Role.Mentee),
        ("budget forecast controlling reviews weekly calls", Role.Mentor), ("budget forecast controlling", Role.Mentor), ("budget forecast reviews", Role.Mentor),
        ("speaking stage keynotes rehearsal weekly calls", Role.Mentor), ("speaking stage keynotes", Role.Mentor), ("speaking stage rehearsal weekly calls", Role.Mentor),
        ("budget forecast speaking stage keynotes controlling", Role.Mentor),
    ];

    private static (TfIdfVocabulary Vocabulary, GoalThemes Themes) FitCorpus(int dimensions = 3)
    {
        TfIdfVocabulary v = TfIdfVocabulary.Fit(s_corpus.Select(d => d.Text));
        var docs = s_corpus.Select(d => (v.Vectorise(d.Text), d.Role)).ToList();
        LatentTopics lsa = LatentTopics.Fit(docs.Select(d => d.Item1).ToList(), v.Terms.Count, dimensions);
        return (v, GoalThemes.Fit(docs, lsa));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void Coverage_counts_the_share_of_the_wanting_side_s_matchable_themes_the_other_side_holds()
    {
        // Three one-term themes, so a document's loadings are its own weights; the third is one role's boilerplate.
        var themes = new GoalThemes([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [true, true, false]);
        double[] wants = [1.0, 0.4, 5.0], offers = [0.2, 2.0, 0];

        // Presence: wants q = (min(1, 1/0.5), min(1, 0.4/0.5)) = (1, 0.8); offers q = (min(1, 0.2/1), min(1, 2/1)) = (0.2, 1).
        // Coverage = (1·0.2 + 0.8·1) / (1 + 0.8) = 5/9; the boilerplate theme counts nowhere, however large.
        Assert.Equal(5.0 / 9.0, themes.Coverage(wants, offers), 12);
        Assert.Equal(0, themes.Coverage([0, 0, 3], offers));
        Assert.Equal([0.6, 0, 0.8], themes.Loadings(new SparseVector([0, 2], [0.6, 0.8])), new Tolerance(1e-9));
    }

    [Fact]
    public void A_mentor_offering_the_mentee_s_theme_in_other_words_covers_it()
    {
        (TfIdfVocabulary v, GoalThemes themes) = FitCorpus();
        double[] budgetMentee = themes.Loadings(v.Vectorise("cut spending"));
        double[] budgetMentor = themes.Loadings(v.Vectorise("controlling reviews"));
        double[] speakingMentor = themes.Loadings(v.Vectorise("keynotes"));

        // Not one term in common, yet the budget mentor covers the budget mentee and the speaking mentor does not.
        Assert.Equal(0, v.Vectorise("cut spending").Dot(v.Vectorise("controlling reviews")));
        Assert.InRange(themes.Coverage(budgetMentee, budgetMentor), 0.8, 1.0);
        Assert.InRange(themes.Coverage(budgetMentee, speakingMentor), 0.0, 0.2);
    }

    [Fact]
    public void A_mentee_with_two_themes_is_half_covered_by_a_mentor_with_one()
    {
        (TfIdfVocabulary v, GoalThemes themes) = FitCorpus();
        double[] both = themes.Loadings(v.Vectorise("budget forecast speaking stage"));
        double[] speaking = themes.Loadings(v.Vectorise("speaking stage keynotes"));

        Assert.InRange(themes.Coverage(both, speaking), 0.35, 0.65);
    }

    [Fact]
    public void A_theme_only_one_role_writes_about_is_not_matchable()
    {
        (TfIdfVocabulary v, GoalThemes themes) = FitCorpus(dimensions: 3);
        double[] calls = themes.Loadings(v.Vectorise("weekly calls"));
        int strongest = Array.IndexOf(calls, calls.Max());

        Assert.False(themes.Matchable[strongest]);
        Assert.Equal(2, themes.Matchable.Count(m => m));
    }

    [Fact]
    public void Fitting_twice_gives_the_same_numbers()
    {
        (_, GoalThemes first) = FitCorpus();
        (_, GoalThemes second) = FitCorpus();

        Assert.Equal(first.TermIndices, second.TermIndices);
        Assert.Equal(first.Themes.SelectMany(x => x), second.Themes.SelectMany(x => x));
        Assert.Equal(first.Matchable, second.Matchable);
    }

    [Fact]
    public void Themes_are_non_negative_and_of_unit_length()
    {
        (_, GoalThemes themes) = FitCorpus();

        Assert.All(themes.Themes, t =>
        {
            Assert.All(t, w => Assert.True(w >= 0));
            Assert.Equal(1.0, Math.Sqrt(t.Sum(w => w * w)), 9);
        });
    }

    [Fact]
    public void No_documents_give_no_themes_and_zero_coverage()
    {
        GoalThemes themes = GoalThemes.Fit([], LatentTopics.Fit([], 0));

        Assert.Empty(themes.Themes);
        Assert.Equal(0, themes.Coverage(themes.Loadings(new SparseVector([], [])), []));
    }
}

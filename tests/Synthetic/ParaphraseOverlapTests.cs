using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MatchModels.Synthetic.Tests;

/// <summary>
/// The paraphrase bank must say the same topics in other words: few of its content words may also occur in the
/// built-in bank. Content words are the lower-cased, accent-folded words of every skill, phrase and template, less
/// the function words of English and French below (articles, pronouns, prepositions, conjunctions, auxiliaries, modals).
/// </summary>
public sealed class ParaphraseOverlapTests(ITestOutputHelper output)
{
    /// <summary>At most this share of the paraphrase bank's content words may occur in the built-in bank (0.2% when written).</summary>
    private const double MaxSharedShare = 0.05;

    private static readonly HashSet<string> s_functionWords = new(
        """
        a an the and or but nor of to in on for with at by from into onto over under about as than that this these those it its
        i i'm i'd me my myself we our you your they their them he she his her who whom which what when where how why there here
        be am is are was were been being have has had do does did can could will would shall should may might must not no so too
        also more most very well just only own other others some any each every all both such again further then once if up out off
        through during several before after within without few
        le la les un une des de du au aux et ou mais ni ne pas plus moins tres bien je me mon ma mes tu te ton ta tes il elle on
        nous vous ils elles se son sa ses leur leurs notre nos votre vos ce cet cette ces ca qui que quoi dont en y est sont etre
        avoir ai as avons ont suis es sommes serai sera pour par avec sans sur sous dans vers chez entre apres avant pendant depuis
        aussi egalement tout tous toute toutes autre autres meme si comme quand lors plusieurs peux peut pouvons pourrons pourrait pourraient ete
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    [Fact]
    public void The_paraphrase_bank_shares_few_content_words_with_the_built_in_one()
    {
        HashSet<string> builtIn = ContentWords(Banks.BuiltInName);
        HashSet<string> paraphrase = ContentWords(Banks.ParaphraseName);

        double shared = SharedShare(paraphrase, builtIn);
        output.WriteLine(
            $"{paraphrase.Intersect(builtIn).Count()} of {paraphrase.Count} content words shared ({shared:P1}): {string.Join(", ", paraphrase.Intersect(builtIn))}");

        Assert.True(shared <= MaxSharedShare, $"{shared:P1} of the paraphrase bank's content words occur in the built-in bank");
        Assert.True(paraphrase.Count > 300, $"only {paraphrase.Count} content words: the measure would say little");
    }

    [Fact]
    public void The_measure_flags_a_bank_that_reuses_the_built_in_words()
    {
        HashSet<string> builtIn = ContentWords(Banks.BuiltInName);
        var half = builtIn.Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 0).Concat(["brand", "new", "words"]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1.0, SharedShare(builtIn, builtIn));
        Assert.True(SharedShare(half, builtIn) > MaxSharedShare);
        Assert.Equal(["developper", "equipe", "leadership"], Words("développer   l'Équipe; Leadership de la").Order(StringComparer.Ordinal));
    }

    private static double SharedShare(HashSet<string> bank, HashSet<string> reference) =>
        (double)bank.Count(reference.Contains) / bank.Count;

    internal static HashSet<string> ContentWords(string bank)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        JsonNode root = JsonNode.Parse(File.ReadAllText(Banks.PathOf(bank)))!;

        // The optional "about" note is for people, not part of the bank's wording.
        Collect(root["topics"]!, words);
        Collect(root["templates"]!, words);
        return words;
    }

    private static void Collect(JsonNode node, HashSet<string> words)
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string _, JsonNode? child) in o)
                {
                    Collect(child!, words);
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    Collect(item!, words);
                }

                break;
            default:
                words.UnionWith(Words(node.GetValue<string>().Replace("{0}", " ", StringComparison.Ordinal).Replace("{de}", " ", StringComparison.Ordinal)));
                break;
        }
    }

    /// <summary>Lower-cased, accent-folded runs of letters, less single letters (elided l', d', j') and function words.</summary>
    private static IEnumerable<string> Words(string text)
    {
        // The product's own folding, so that the banks are compared the way the features read them.
        string lower = MatchModels.Core.Features.TextNormalisation.RemoveAccents(text.ToLowerInvariant());
        var folded = new StringBuilder(lower.Length);
        foreach (char c in lower)
        {
            folded.Append(c is >= 'a' and <= 'z' ? c : ' ');
        }

        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1 && !s_functionWords.Contains(w));
    }
}

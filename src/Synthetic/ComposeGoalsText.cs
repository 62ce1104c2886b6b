using System.Text;

namespace MatchModels.Synthetic;

/// <summary>
/// Writes a goals text of one to three sentences in the participant's first language: an opening that names
/// the first one or two topics, a follow-up for the rest, and sometimes a closing that names none.
/// </summary>
internal static class ComposeGoalsText
{
    /// <summary>Share of texts that end with a closing sentence.</summary>
    public const double ClosingShare = 0.4;

    /// <remarks>
    /// The number of draws depends on the topics alone, never on how many phrasings or templates the bank has,
    /// so every draw after this one (hence every non-text column and the truth) is the same whatever the bank.
    /// </remarks>
    public static string For(Random rng, PhraseBank bank, bool mentor, bool french, IReadOnlyList<int> topics)
    {
        var phrases = new string[topics.Count];
        for (int i = 0; i < topics.Count; i++)
        {
            phrases[i] = rng.Pick(bank.Topics[topics[i]].Phrases(mentor, french));
        }

        GoalsTemplates templates = bank.Templates(mentor, french);

        int inOpening = Math.Min(phrases.Length, rng.Between(1, 2));
        var text = new StringBuilder(160);
        text.Append(Fill(rng.Pick(templates.Opening), JoinPhrases(phrases.AsSpan(0, inOpening), french)));
        if (inOpening < phrases.Length)
        {
            text.Append(' ').Append(Fill(rng.Pick(templates.FollowUp), JoinPhrases(phrases.AsSpan(inOpening), french)));
        }

        if (rng.Chance(ClosingShare))
        {
            text.Append(' ').Append(rng.Pick(templates.Closing));
        }

        return text.ToString();
    }

    /// <summary>"a", "a and b", "a, b and c" (et in French).</summary>
    public static string JoinPhrases(ReadOnlySpan<string> phrases, bool french)
    {
        string and = french ? " et " : " and ";
        return phrases.Length switch
        {
            1 => phrases[0],
            _ => string.Join(", ", phrases[..^1].ToArray()) + and + phrases[^1],
        };
    }

    /// <summary>Puts the phrases into a template; French "de" becomes "d'" before a vowel or a mute h.</summary>
    public static string Fill(string template, string phrases)
    {
        string withDe = template.Replace("{de} ", StartsWithVowelSound(phrases) ? "d'" : "de ", StringComparison.Ordinal);
        return withDe.Replace("{0}", phrases, StringComparison.Ordinal);
    }

    private static bool StartsWithVowelSound(string s) => s.Length > 0 && "aeiouyhàâéèêëîïôûùAEIOUYHÉÈ".Contains(s[0], StringComparison.Ordinal);
}

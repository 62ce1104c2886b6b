using System.Collections.Concurrent;
using System.Text;

namespace MatchModels.Core.Features;

/// <summary>
/// Turns French or English free text into comparable terms: lower case, accents removed, split on anything
/// that is not a letter or digit, stop words of both languages dropped, and a light suffix stripping shared
/// by both languages so that "négociation"/"negotiations" or "manager"/"management" land near each other.
/// Deliberately simple and dependency-free: the goal is a stable similarity signal, not linguistics.
/// </summary>
public static class TextNormalisation
{
    private const int MinStemLength = 4;

    /// <summary>
    /// Goals texts repeat the same few hundred words, so each distinct token is mapped to its term once and remembered;
    /// the cap bounds the memory on open-ended real text (past it, new tokens are simply mapped every time).
    /// </summary>
    private const int MaxRememberedTokens = 100_000;

    // Token → term, or null for a token that is dropped (too short, a stop word). Looked up by span so that a
    // known token costs no allocation.
    private static readonly ConcurrentDictionary<string, string?> s_termOfToken = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> s_termOfSpan =
        s_termOfToken.GetAlternateLookup<ReadOnlySpan<char>>();

    // Longest first: the first suffix that leaves a stem of at least MinStemLength letters is removed.
    private static readonly string[] s_suffixes =
    [
        "issements", "issement", "ements", "ement", "ations", "ation", "itions", "ition", "ments", "ment",
        "ships", "ship", "ities", "ites", "ively", "ive", "ating", "ated", "ates", "ate", "ings", "ing", "ness",
        "eurs", "euse", "eur", "ers", "er", "ees", "ee", "es", "ed", "s", "e",
    ];

    private static readonly HashSet<string> s_stopWords =
    [
        // English
        "the", "and", "for", "with", "that", "this", "from", "into", "about", "would", "like", "want", "wish",
        "more", "most", "some", "also", "have", "has", "had", "are", "was", "were", "been", "being", "will",
        "can", "could", "should", "get", "getting", "how", "what", "when", "where", "which", "who", "why",
        "my", "our", "your", "their", "its", "not", "but", "or", "so", "to", "of", "in", "on", "at", "by",
        "as", "an", "be", "is", "it", "me", "we", "you", "they", "them", "other", "others", "than", "then",
        "very", "really", "help", "hope", "looking", "forward", "learn", "better", "improve", "grow", "develop",
        // French (accents already removed)
        "les", "des", "une", "un", "le", "la", "du", "de", "et", "pour", "avec", "dans", "sur", "par", "que",
        "qui", "quoi", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "leur", "leurs", "son", "sa", "ses",
        "je", "tu", "il", "elle", "nous", "vous", "ils", "elles", "ce", "cet", "cette", "ces", "est", "sont",
        "etre", "avoir", "plus", "moins", "tres", "aussi", "mais", "ou", "donc", "car", "ne", "pas", "au", "aux",
        "en", "se", "sa", "afin", "souhaite", "souhaiterais", "voudrais", "aimerais", "veux", "mieux",
        "apprendre", "ameliorer", "developper", "progresser", "aider", "entre", "autres", "comme", "faire",
    ];

    /// <summary>The normalised terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        string folded = BilingualLexicon.ToEnglish(RemoveAccents(text.ToLowerInvariant()));
        int start = -1;
        for (int i = 0; i <= folded.Length; i++)
        {
            bool word = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                AddTerm(terms, folded.AsSpan(start, i - start));
                start = -1;
            }
        }

        return terms;
    }

    private static void AddTerm(List<string> terms, ReadOnlySpan<char> token)
    {
        if (!s_termOfSpan.TryGetValue(token, out string? term))
        {
            string word = token.ToString();
            term = TermOf(word);
            if (s_termOfToken.Count < MaxRememberedTokens)
            {
                s_termOfToken.TryAdd(word, term);
            }
        }

        if (term is not null)
        {
            terms.Add(term);
        }
    }

    private static string? TermOf(string token) =>
        token.Length < 3 || s_stopWords.Contains(token) ? null : Stem(BilingualLexicon.WordToEnglish(token));

    /// <summary>
    /// Strips up to two suffixes, so that derived forms meet their root: leadership → leader → lead,
    /// negotiations → negoti ← negotiate.
    /// </summary>
    public static string Stem(string token)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            string before = token;
            foreach (string suffix in s_suffixes)
            {
                if (token.Length - suffix.Length >= MinStemLength && token.EndsWith(suffix, StringComparison.Ordinal))
                {
                    token = token[..^suffix.Length];
                    break;
                }
            }

            if (token == before)
            {
                break;
            }
        }

        return token;
    }

    /// <summary>
    /// Folds the accented letters of French and the other Latin-script languages our programmes use.
    /// A table rather than Unicode decomposition: the build runs with invariant globalization, where
    /// string.Normalize is not guaranteed to decompose.
    /// </summary>
    public static string RemoveAccents(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (char.IsAscii(c))
            {
                sb.Append(c);
                continue;
            }

            int i = AccentedLetters.IndexOf(c, StringComparison.Ordinal);
            if (i >= 0)
            {
                sb.Append(PlainLetters[i]);
            }
            else if (c == 'œ')
            {
                sb.Append("oe");
            }
            else if (c == 'æ')
            {
                sb.Append("ae");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private const string AccentedLetters = "àâäáãåçćèéêëìíîïñòóôöõùúûüýÿ";
    private const string PlainLetters = "aaaaaacceeeeiiiinooooouuuuyy";
}

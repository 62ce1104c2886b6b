using System.Collections.Concurrent;
using System.Text;
using MatchModels.Core.Features.Esco;

namespace MatchModels.Core.Features;

/// <summary>
/// Turns French or English free text into comparable terms: lower case, accents removed, split on anything
/// that is not a letter or digit, function words of both languages dropped, a light suffix stripping shared
/// by both languages so that "négociation"/"negotiations" or "manager"/"management" land near each other, and
/// French stems mapped onto English ones by the dictionary induced from ESCO's parallel labels.
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

    /// <summary>
    /// Function words of English and French (articles, determiners, pronouns, prepositions, conjunctions and the
    /// auxiliaries be/have, être/avoir), accents removed, of three letters or more: shorter tokens are dropped anyway.
    /// Only grammatical words belong here: a content word that carries little meaning in one programme's texts is
    /// left to the IDF weighting, which learns that from the training documents.
    /// </summary>
    private static readonly HashSet<string> s_functionWords =
    [
        // English
        "the", "and", "but", "nor", "yet", "for", "with", "without", "that", "this", "these", "those", "there", "here",
        "from", "into", "onto", "about", "above", "below", "over", "under", "between", "among", "through", "during",
        "before", "after", "since", "until", "upon", "within", "against", "toward", "towards", "than", "then", "its",
        "itself", "mine", "myself", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "him", "his",
        "himself", "her", "hers", "herself", "they", "them", "their", "theirs", "themselves", "who", "whom", "whose",
        "which", "what", "where", "when", "why", "how", "all", "any", "both", "each", "either", "neither", "every",
        "few", "many", "much", "more", "most", "other", "others", "some", "such", "not", "only", "own", "same", "too",
        "very", "can", "could", "may", "might", "must", "shall", "should", "will", "would", "are", "was", "were",
        "been", "being", "have", "has", "had", "having", "does", "did", "doing", "also", "just", "one", "ones",
        // French (accents already removed)
        "les", "des", "une", "aux", "ces", "cet", "cette", "celui", "celle", "ceux", "celles", "mon", "mes", "ton",
        "tes", "son", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "moi", "toi", "lui", "eux", "nous",
        "vous", "ils", "elle", "elles", "que", "qui", "quoi", "dont", "mais", "donc", "car", "pas", "plus", "moins",
        "tres", "trop", "aussi", "bien", "dans", "sur", "sous", "par", "pour", "avec", "sans", "chez", "entre", "vers",
        "depuis", "pendant", "avant", "apres", "comme", "est", "sont", "suis", "sommes", "etes", "etait", "etaient",
        "etre", "avons", "avez", "ont", "avoir", "ete", "tout", "tous", "toute", "toutes", "autre", "autres", "meme",
        "afin", "ainsi",
    ];

    /// <summary>The function words dropped from every text: the product's only hand-written word list.</summary>
    public static IReadOnlySet<string> FunctionWords => s_functionWords;

    /// <summary>The normalised terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        string folded = RemoveAccents(text.ToLowerInvariant());
        foreach (Range token in Tokens(folded))
        {
            AddTerm(terms, folded.AsSpan(token));
        }

        return terms;
    }

    /// <summary>The runs of letters and digits of a folded text.</summary>
    private static List<Range> Tokens(string folded)
    {
        var tokens = new List<Range>();
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
                tokens.Add(start..i);
                start = -1;
            }
        }

        return tokens;
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

    /// <summary>A token's term: its stem, with a French stem replaced by its English one (<see cref="EscoTranslations"/>).</summary>
    private static string? TermOf(string token) => StemOf(token) is { } stem ? EscoTranslations.ToEnglish(stem) : null;

    private static string? StemOf(string token) => token.Length < 3 || s_functionWords.Contains(token) ? null : Stem(token);

    /// <summary>
    /// The stems of <paramref name="text"/> in order, before any translation: what <see cref="EscoTranslations"/>
    /// aligns across the two languages' labels.
    /// </summary>
    public static List<string> Stems(string text)
    {
        var stems = new List<string>();
        string folded = RemoveAccents(text.ToLowerInvariant());
        foreach (Range token in Tokens(folded))
        {
            if (StemOf(folded[token]) is { } stem)
            {
                stems.Add(stem);
            }
        }

        return stems;
    }

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

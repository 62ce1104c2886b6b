namespace MatchModels.Core.Features.Esco;

/// <summary>
/// A French → English term dictionary induced from ESCO's parallel labels rather than written by hand: every skill
/// concept carries French and English labels, so a French term and its English translation keep turning up on the
/// same concepts. For each French term the English term with the highest Dice coefficient, 2·c(f,e) / (c(f) + c(e))
/// over the aligned label pairs, is its translation (the association measure of Smadja, McKeown and
/// Hatzivassiloglou 1996 for bilingual lexicon induction), kept when the evidence clears
/// <see cref="MinCooccurrences"/> and <see cref="MinDice"/>. Terms are compared after <see cref="TextNormalisation"/>'s
/// folding and stemming, so the dictionary maps stems onto stems.
/// </summary>
public static class EscoTranslations
{
    /// <summary>A translation seen on a single concept is as likely a coincidence of one label as a translation.</summary>
    public const int MinCooccurrences = 2;

    /// <summary>
    /// Below this the best English partner co-occurs with the French term on fewer than a third of their joint
    /// appearances: an associate ("contrat" with "negotiate"), not a translation.
    /// </summary>
    public const double MinDice = 0.3;

    /// <summary>
    /// A stem that English labels use at least this share as often as French ones is an English (or shared) word,
    /// such as "public" or "manag", and is left as it is.
    /// </summary>
    public const double EnglishUseShare = 0.5;

    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_dictionary = new(() => Induce(EscoSkills.All));

    /// <summary>French stem → English stem.</summary>
    public static IReadOnlyDictionary<string, string> Dictionary => s_dictionary.Value;

    /// <summary>The English stem for <paramref name="stem"/>, or the stem itself when it is not a known French term.</summary>
    public static string ToEnglish(string stem) => Dictionary.TryGetValue(stem, out string? english) ? english : stem;

    /// <summary>The dictionary induced from <paramref name="skills"/>' aligned labels (every French label with every English one of the same concept).</summary>
    public static IReadOnlyDictionary<string, string> Induce(IReadOnlyList<EscoSkill> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);

        // Stems as numbers, so that a pair of them is one long key: the count runs over some two million pairs.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var stems = new List<string>();
        var french = new List<int>();
        var english = new List<int>();
        var joint = new Dictionary<long, int>();
        foreach (EscoSkill skill in skills)
        {
            List<int[]> englishLabels = skill.English.Select(l => StemIds(l, ids, stems, french, english)).ToList();
            foreach (string label in skill.French)
            {
                int[] f = StemIds(label, ids, stems, french, english);
                foreach (int[] e in englishLabels)
                {
                    foreach (int a in f)
                    {
                        french[a]++;
                        foreach (int b in e)
                        {
                            long key = ((long)a << 32) | (uint)b;
                            joint[key] = joint.GetValueOrDefault(key) + 1;
                        }
                    }

                    foreach (int b in e)
                    {
                        english[b]++;
                    }
                }
            }
        }

        var best = new Dictionary<int, (int English, double Dice)>();
        foreach ((long key, int c) in joint)
        {
            if (c < MinCooccurrences)
            {
                continue;
            }

            int a = (int)(key >> 32), b = (int)(key & 0xFFFF_FFFF);
            double dice = 2.0 * c / (french[a] + english[b]);
            if (!best.TryGetValue(a, out (int English, double Dice) current)
                || dice > current.Dice
                || (dice == current.Dice && string.CompareOrdinal(stems[b], stems[current.English]) < 0))
            {
                best[a] = (b, dice);
            }
        }

        var dictionary = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((int a, (int b, double dice)) in best)
        {
            bool usedInEnglish = english[a] >= EnglishUseShare * french[a];
            if (dice >= MinDice && a != b && !usedInEnglish)
            {
                dictionary[stems[a]] = stems[b];
            }
        }

        return dictionary;
    }

    /// <summary>The distinct stems of a label as ids, new stems numbered as they come.</summary>
    private static int[] StemIds(string label, Dictionary<string, int> ids, List<string> stems, List<int> french, List<int> english)
    {
        var distinct = new HashSet<int>();
        foreach (string stem in TextNormalisation.Stems(label))
        {
            if (!ids.TryGetValue(stem, out int id))
            {
                id = ids[stem] = stems.Count;
                stems.Add(stem);
                french.Add(0);
                english.Add(0);
            }

            distinct.Add(id);
        }

        return [.. distinct];
    }
}

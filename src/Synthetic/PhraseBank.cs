using MatchModels.Core.History;

namespace MatchModels.Synthetic;

/// <summary>
/// The words the generator writes goals texts and skills with: per topic id the skill names and the goal
/// phrasings per role and language, and the sentence templates (format: docs/synthetic-data.md, "Phrase banks").
/// The built-in bank is data/synthetic/phrases.json, embedded in this assembly; <see cref="Load"/> reads another
/// one. Only wording comes from a bank: the truth depends on topic ids and skill slots alone.
/// </summary>
public sealed class PhraseBank
{
    /// <summary>The logical name of the built-in bank inside this assembly.</summary>
    internal const string BuiltInResource = "synthetic/phrases.json";

    private static readonly Lazy<PhraseBank> s_builtIn = new(ReadBuiltIn);

    private readonly GoalsTemplates[] _templates;

    internal PhraseBank(string source, IReadOnlyList<TopicPhrases> topics, GoalsTemplates[] templatesByRoleAndLanguage)
    {
        Source = source;
        Topics = topics;
        _templates = templatesByRoleAndLanguage;
        Skills = topics.SelectMany(t => t.Skills).ToArray();
    }

    /// <summary>data/synthetic/phrases.json, the bank <c>data generate</c> uses unless told otherwise.</summary>
    public static PhraseBank BuiltIn => s_builtIn.Value;

    /// <summary>Where the bank came from, as its messages name it.</summary>
    public string Source { get; }

    /// <summary>The topics in <see cref="TopicIds.All"/> order, whatever their order in the file.</summary>
    internal IReadOnlyList<TopicPhrases> Topics { get; }

    /// <summary>All skills, topic after topic; a skill's index is its bit in a participant's skill mask.</summary>
    internal IReadOnlyList<string> Skills { get; }

    /// <summary>Reads and checks a phrase bank file.</summary>
    /// <exception cref="PhraseBankException">The file is missing, unreadable or not a valid bank; the message names the file and the place.</exception>
    public static PhraseBank Load(string path) => ReadPhraseBank.FromFile(path);

    internal GoalsTemplates Templates(bool mentor, bool french) => _templates[(mentor ? 2 : 0) + (french ? 1 : 0)];

    /// <summary>
    /// The topics a goals text names, as a bit mask over <see cref="TopicIds.All"/>: the inverse of
    /// <see cref="ComposeGoalsText"/> (a bank is refused when a phrase could hide inside another one or a template),
    /// which is why goals affinity counts as observable at the cut-off.
    /// </summary>
    public int TopicsMentionedIn(string goalsText, Role role)
    {
        ArgumentNullException.ThrowIfNull(goalsText);
        bool mentor = role == Role.Mentor;
        int mask = 0;
        for (int t = 0; t < Topics.Count; t++)
        {
            foreach (bool french in (ReadOnlySpan<bool>)[false, true])
            {
                foreach (string phrase in Topics[t].Phrases(mentor, french))
                {
                    if (goalsText.Contains(phrase, StringComparison.Ordinal))
                    {
                        mask |= 1 << t;
                    }
                }
            }
        }

        return mask;
    }

    private static PhraseBank ReadBuiltIn()
    {
        using Stream s = typeof(PhraseBank).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInResource} is missing from {typeof(PhraseBank).Assembly.GetName().Name}");
        using var reader = new StreamReader(s);
        return ReadPhraseBank.FromText(reader.ReadToEnd(), "built-in " + BuiltInResource);
    }
}

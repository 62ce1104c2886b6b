using System.Text.Json.Serialization;

namespace MatchModels.Core.Features;

/// <summary>
/// Reads a goals text as the skills it is about, learned from the training participants themselves: the skills
/// lists are structured and language-free, so a term of either language that keeps turning up in the goals of
/// people who list a skill is evidence for that skill. Each term's association with each skill is the Dice
/// coefficient 2·c(t, s) / (c(t) + c(s)) over training participants (the measure <see cref="Esco.EscoTranslations"/>
/// uses across languages, here across a text and a list); a participant's skill profile is their listed skills plus,
/// for every term of their goals text, its <see cref="SkillsPerTerm"/> most associated skills weighted by that Dice.
/// Two profiles then meet on a skill that one side lists and the other only writes about, in any wording.
/// </summary>
public sealed class SkillAnchors
{
    /// <summary>A term names one or two skills of its topic; past a few, the tail is chance co-occurrence.</summary>
    public const int SkillsPerTerm = 3;

    /// <summary>An association seen on fewer training participants than this cannot generalise (as <see cref="TfIdfVocabulary.MinDocumentFrequency"/>).</summary>
    public const int MinCooccurrences = 5;

    private Dictionary<string, int>? _skillIndex;
    private Dictionary<string, (int Skill, double Dice)[]>? _byTerm;

    [JsonConstructor]
    public SkillAnchors(IReadOnlyList<string> skills, IReadOnlyList<TermAnchor> anchors)
    {
        Skills = skills;
        Anchors = anchors;
    }

    /// <summary>The skills of the training participants (trimmed, lower case), in ordinal order.</summary>
    public IReadOnlyList<string> Skills { get; }

    /// <summary>Each term's strongest skills, by index into <see cref="Skills"/>.</summary>
    public IReadOnlyList<TermAnchor> Anchors { get; }

    /// <summary>Learns the associations from training participants' goals texts and skills lists (one entry per participant).</summary>
    public static SkillAnchors Fit(IEnumerable<(string GoalsText, IReadOnlyList<string> Skills)> participants)
    {
        var termCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var skillCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var joint = new Dictionary<(string Term, string Skill), int>();
        foreach ((string goals, IReadOnlyList<string> listed) in participants)
        {
            HashSet<string> terms = [.. TextNormalisation.Terms(goals)];
            HashSet<string> skills = [.. listed.Select(Key).Where(s => s.Length > 0)];
            foreach (string s in skills)
            {
                skillCount[s] = skillCount.GetValueOrDefault(s) + 1;
            }

            foreach (string t in terms)
            {
                termCount[t] = termCount.GetValueOrDefault(t) + 1;
                foreach (string s in skills)
                {
                    joint[(t, s)] = joint.GetValueOrDefault((t, s)) + 1;
                }
            }
        }

        string[] skillNames = skillCount.Keys.Order(StringComparer.Ordinal).ToArray();
        var index = skillNames.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        TermAnchor[] anchors = joint
            .Where(kv => kv.Value >= MinCooccurrences)
            .GroupBy(kv => kv.Key.Term, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var best = g
                    .Select(kv => (Skill: index[kv.Key.Skill], Dice: 2.0 * kv.Value / (termCount[g.Key] + skillCount[kv.Key.Skill])))
                    .OrderByDescending(x => x.Dice)
                    .ThenBy(x => x.Skill)
                    .Take(SkillsPerTerm)
                    .ToArray();
                return new TermAnchor(g.Key, best.Select(b => b.Skill).ToArray(), best.Select(b => b.Dice).ToArray());
            })
            .ToArray();
        return new SkillAnchors(skillNames, anchors);
    }

    /// <summary>
    /// The skill profile of a participant: weight 1 on each listed skill the training rows knew, plus each goals term's
    /// associated skills weighted by Dice, as a vector over <see cref="Skills"/> normalised to unit length.
    /// </summary>
    public SparseVector Profile(string goalsText, IEnumerable<string> listed) => Profile(TextNormalisation.Terms(goalsText), listed);

    /// <summary>The profile from goals already split into <see cref="TextNormalisation.Terms"/>.</summary>
    public SparseVector Profile(IReadOnlyList<string> goalsTerms, IEnumerable<string> listed)
    {
        ArgumentNullException.ThrowIfNull(goalsTerms);
        ArgumentNullException.ThrowIfNull(listed);
        _skillIndex ??= Skills.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        _byTerm ??= Anchors.ToDictionary(a => a.Term, a => a.Skills.Zip(a.Dice).ToArray(), StringComparer.Ordinal);
        var weights = new Dictionary<int, double>();
        foreach (string s in listed)
        {
            if (_skillIndex.TryGetValue(Key(s), out int i))
            {
                weights[i] = Math.Max(weights.GetValueOrDefault(i), 1.0);
            }
        }

        foreach (string t in goalsTerms)
        {
            if (_byTerm.TryGetValue(t, out (int Skill, double Dice)[]? anchors))
            {
                foreach ((int skill, double dice) in anchors)
                {
                    weights[skill] = weights.GetValueOrDefault(skill) + dice;
                }
            }
        }

        return UnitVector(weights);
    }

    /// <summary>The weights as a vector sorted by index, scaled to unit length.</summary>
    internal static SparseVector UnitVector(Dictionary<int, double> weights)
    {
        int[] indices = [.. weights.Keys];
        Array.Sort(indices);
        var values = new double[indices.Length];
        double norm = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            values[i] = weights[indices[i]];
            norm += values[i] * values[i];
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = norm > 0 ? values[i] / norm : 0;
        }

        return new SparseVector(indices, values);
    }

    private static string Key(string skill) => skill.Trim().ToLowerInvariant();
}

/// <summary>One term's strongest skills and their Dice coefficients.</summary>
public sealed record TermAnchor(string Term, IReadOnlyList<int> Skills, IReadOnlyList<double> Dice);

namespace MatchModels.Synthetic;

/// <summary>
/// The twelve mentoring topics of the generative model, by id, and how many skills each one has. The truth
/// depends on these ids and skill slots only; a phrase bank (<see cref="PhraseBank"/>) names them in words.
/// </summary>
internal static class TopicIds
{
    /// <summary>The topic ids; a topic's index is its bit in a topic mask and its place in the popularity weights.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "leadership", "public_speaking", "career_moves", "data_analytics", "project_management", "negotiation",
        "work_life_balance", "product_management", "people_management", "technical_architecture", "sales_client_relations",
        "diversity_inclusion",
    ];

    /// <summary>
    /// Skills per topic, in <see cref="All"/> order. Part of the model, not of the wording: the number of skills a
    /// topic has shapes the skill overlap of pairs, hence the truth, so every phrase bank names exactly these many.
    /// </summary>
    public static IReadOnlyList<int> SkillSlots { get; } = [4, 3, 3, 4, 4, 3, 3, 3, 4, 3, 3, 3];

    /// <summary>The index in a skill mask of each topic's first skill (skills are numbered topic after topic).</summary>
    public static IReadOnlyList<int> FirstSkill { get; } = FirstSkills();

    /// <summary>Skills over all topics: the width of a skill mask.</summary>
    public static int SkillCount { get; } = SkillSlots.Sum();

    /// <summary>The index of <paramref name="id"/> in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string id)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i] == id)
            {
                return i;
            }
        }

        return -1;
    }

    private static int[] FirstSkills()
    {
        var first = new int[SkillSlots.Count];
        for (int t = 1; t < first.Length; t++)
        {
            first[t] = first[t - 1] + SkillSlots[t - 1];
        }

        return first;
    }
}

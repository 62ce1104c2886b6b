using System.Text.Json.Nodes;

namespace MatchModels.Synthetic.Tests;

public sealed class PhraseBankTests
{
    [Fact]
    public void The_built_in_bank_is_the_file_in_data_synthetic()
    {
        PhraseBank fromFile = PhraseBank.Load(Banks.PathOf(Banks.BuiltInName));

        Assert.Equal(fromFile.Skills, PhraseBank.BuiltIn.Skills);
        Assert.Equal(fromFile.Topics.Select(t => t.MentorFrench), PhraseBank.BuiltIn.Topics.Select(t => t.MentorFrench));
        Assert.Equal("built-in synthetic/phrases.json", PhraseBank.BuiltIn.Source);
    }

    [Theory]
    [InlineData(Banks.BuiltInName)]
    [InlineData(Banks.ParaphraseName)]
    public void Skills_are_distinct_lower_case_list_items_in_their_slots(string name)
    {
        PhraseBank bank = Banks.Named(name);
        IReadOnlyList<string> skills = bank.Skills;

        Assert.Equal(TopicIds.All, bank.Topics.Select(t => t.Id));
        Assert.Equal(TopicIds.SkillSlots, bank.Topics.Select(t => t.Skills.Count));
        Assert.Equal(skills.Count, skills.Distinct(StringComparer.Ordinal).Count());
        Assert.True(skills.Count <= 64, "skills must fit the 64-bit skill mask");
        Assert.All(skills, s => Assert.Equal(s.Trim().ToLowerInvariant(), s));
    }

    [Fact]
    public void The_paraphrase_bank_has_as_many_entries_per_list_as_the_built_in_one()
    {
        JsonNode builtIn = JsonNode.Parse(File.ReadAllText(Banks.PathOf(Banks.BuiltInName)))!;
        JsonNode paraphrase = JsonNode.Parse(File.ReadAllText(Banks.PathOf(Banks.ParaphraseName)))!;

        Assert.Equal(ListLengths(builtIn), ListLengths(paraphrase));
    }

    [Fact]
    public void The_paraphrase_bank_shares_no_phrase_skill_or_template_with_the_built_in_one()
    {
        var builtIn = AllStrings(JsonNode.Parse(File.ReadAllText(Banks.PathOf(Banks.BuiltInName)))!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(AllStrings(JsonNode.Parse(File.ReadAllText(Banks.PathOf(Banks.ParaphraseName)))!), builtIn.Contains);
    }

    /// <summary>"path: count" for every list in the document, in document order of the built-in layout.</summary>
    private static SortedDictionary<string, int> ListLengths(JsonNode node)
    {
        var lengths = new SortedDictionary<string, int>(StringComparer.Ordinal);
        Walk(node, string.Empty, (path, n) =>
        {
            if (n is JsonArray a)
            {
                lengths[path] = a.Count;
            }
        });
        return lengths;
    }

    private static List<string> AllStrings(JsonNode node)
    {
        var strings = new List<string>();
        Walk(node, string.Empty, (_, n) =>
        {
            if (n is JsonValue v && v.TryGetValue(out string? s))
            {
                strings.Add(s);
            }
        });
        return strings;
    }

    private static void Walk(JsonNode node, string path, Action<string, JsonNode> visit)
    {
        visit(path, node);
        if (node is JsonObject o)
        {
            foreach ((string key, JsonNode? child) in o)
            {
                Walk(child!, path + "." + key, visit);
            }
        }
        else if (node is JsonArray a)
        {
            for (int i = 0; i < a.Count; i++)
            {
                Walk(a[i]!, $"{path}[{i}]", visit);
            }
        }
    }
}

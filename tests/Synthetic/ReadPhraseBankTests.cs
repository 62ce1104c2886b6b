using System.Text.Json.Nodes;

namespace MatchModels.Synthetic.Tests;

/// <summary>Bad phrase banks, each made from the built-in one by one edit: one message naming the file and the place.</summary>
public sealed class ReadPhraseBankTests
{
    private const string File = "phrases.json";

    [Theory]
    [InlineData("topics.negotiation", null, "topics.negotiation: missing: a bank must name all 12 topics (leadership, public_speaking,")]
    [InlineData("topics.juggling", "{}", "topics.juggling: unknown topic id 'juggling' (expected leadership,")]
    [InlineData("topics.leadership.coach", "{}", "topics.leadership.coach: unknown role 'coach' (expected skills, mentee or mentor)")]
    [InlineData("topics.leadership.mentor", null, "topics.leadership.mentor: missing")]
    [InlineData("topics.leadership.mentee.de", "[\"x\"]", "topics.leadership.mentee.de: unknown language 'de' (expected en or fr)")]
    [InlineData("templates.coach", "{}", "templates.coach: unknown role 'coach' (expected mentee or mentor)")]
    [InlineData("templates.mentor.es", "{}", "templates.mentor.es: unknown language 'es' (expected en or fr)")]
    [InlineData("templates.mentee.en.greeting", "[\"Hi.\"]", "templates.mentee.en.greeting: unknown template kind 'greeting' (expected opening, follow_up or closing)")]
    [InlineData("templates", null, "templates: missing")]
    [InlineData("comment", "\"hi\"", "comment: unknown key 'comment' (expected topics, templates or about)")]
    [InlineData("about", "[\"a note\"]", "about: expected a string, found a list")]
    [InlineData("topics.negotiation.mentee.fr", "[]", "topics.negotiation.mentee.fr: empty list")]
    [InlineData("templates.mentee.fr.follow_up", "[]", "templates.mentee.fr.follow_up: empty list")]
    [InlineData("templates.mentee.en.opening[1]", "\"My main goal.\"", "templates.mentee.en.opening[1]: template has no {0} where the topic phrases go")]
    [InlineData("templates.mentor.fr.follow_up[0]", "\"{0} et {0}.\"", "templates.mentor.fr.follow_up[0]: template has {0} more than once")]
    [InlineData("templates.mentor.en.closing[2]", "\"See you on {0}.\"", "templates.mentor.en.closing[2]: a closing names no topic: remove {0}")]
    [InlineData("templates.mentee.en.opening[0]", "\"I want {de} {0}.\"", "templates.mentee.en.opening[0]: {de} is for French templates only")]
    [InlineData("templates.mentee.fr.opening[0]", "\"Je veux {de}{0}.\"", "templates.mentee.fr.opening[0]: {de} must stand just before {0}")]
    [InlineData("templates.mentee.en.opening[0]", "\"I want {1} to {0}.\"", "templates.mentee.en.opening[0]: unknown placeholder {1} (expected {0}, and {de} in French)")]
    [InlineData("topics.leadership.skills", "\"leadership\"", "topics.leadership.skills: expected a list of strings, found a string")]
    [InlineData("topics.leadership.mentee", "[]", "topics.leadership.mentee: expected an object, found a list")]
    [InlineData("topics.leadership.mentee.en[1]", "3", "topics.leadership.mentee.en[1]: expected a string, found a number")]
    [InlineData("topics.leadership.mentee.en[1]", "\"  \"", "topics.leadership.mentee.en[1]: empty text")]
    [InlineData("topics.leadership.mentee.en[1]", "\"grow \"", "topics.leadership.mentee.en[1]: 'grow ' starts or ends with a space")]
    [InlineData("topics", "null", "topics: expected an object, found null")]
    [InlineData("topics.leadership.skills[3]", null, "topics.leadership.skills: 3 skills, expected 4: the generator has 4 skill slots for this topic")]
    [InlineData("topics.negotiation.skills[0]", "\"Leadership\"", "topics.negotiation.skills[0]: 'Leadership' is already the skill at topics.leadership.skills[0]")]
    [InlineData("topics.negotiation.skills[0]", "\"haggling; bargaining\"", "topics.negotiation.skills[0]: 'haggling; bargaining' contains ';'")]
    [InlineData("topics.negotiation.mentee.en[0]", "\"grow as a leader\"", "topics.leadership.mentee.en[0]: 'grow as a leader' also occurs in topics.negotiation.mentee.en[0]")]
    [InlineData("topics.negotiation.mentor.fr[0]", "\"la prise de parole en public à distance\"", "topics.public_speaking.mentor.fr[0]: 'la prise de parole en public' also occurs in topics.negotiation.mentor.fr[0]")]
    [InlineData("templates.mentee.en.closing[0]", "\"I want to manage my time better.\"", "topics.work_life_balance.mentee.en[1]: 'manage my time better' also occurs in templates.mentee.en.closing[0]")]
    public void One_edit_gives_one_message_naming_the_file_and_the_place(string path, string? json, string says)
    {
        JsonNode bank = BuiltInJson();
        Edit(bank, path, json);

        var e = Assert.Throws<PhraseBankException>(() => ReadPhraseBank.FromText(bank.ToJsonString(), File));

        Assert.StartsWith($"{File}: {says}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"topics\": ", "line 1, column ")]
    [InlineData("{ \"topics\": {}, }", "line 1, column ")]
    [InlineData("{\n  \"topics\": {\n    \"leadership\": { skills: [] }\n  }\n}", "line 3, column ")]
    [InlineData("", "line 1, column 1: not valid JSON")]
    public void Malformed_json_is_named_by_line_and_column(string text, string says)
    {
        var e = Assert.Throws<PhraseBankException>(() => ReadPhraseBank.FromText(text, File));

        Assert.StartsWith($"{File}: {says}", e.Message, StringComparison.Ordinal);
        Assert.Contains(": not valid JSON (", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "top level: expected an object, found a list")]
    [InlineData("{\n  \"topics\": {},\n  \"topics\": {}\n}", "topics: appears twice")]
    public void Documents_of_the_wrong_shape_are_named_by_place(string text, string says)
    {
        var e = Assert.Throws<PhraseBankException>(() => ReadPhraseBank.FromText(text, File));

        Assert.Equal($"{File}: {says}", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var dir = new TempDir();

        var e = Assert.Throws<PhraseBankException>(() => PhraseBank.Load(dir["nope.json"]));

        Assert.Equal($"{dir["nope.json"]}: no such file", e.Message);
        Assert.Equal($"{dir.Path}: is a directory, not a phrase bank file", Assert.Throws<PhraseBankException>(() => PhraseBank.Load(dir.Path)).Message);
    }

    [Fact]
    public void The_unedited_built_in_bank_reads_back()
    {
        PhraseBank bank = ReadPhraseBank.FromText(BuiltInJson().ToJsonString(), File);

        Assert.Equal(PhraseBank.BuiltIn.Skills, bank.Skills);
        Assert.Equal(File, bank.Source);
    }

    private static JsonNode BuiltInJson() => JsonNode.Parse(System.IO.File.ReadAllText(Banks.PathOf(Banks.BuiltInName)))!;

    /// <summary>Sets the node at a dotted path (with [i] for list items) to <paramref name="json"/>, or removes it when null.</summary>
    private static void Edit(JsonNode root, string path, string? json)
    {
        string[] steps = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode parent = root;
        for (int i = 0; i < steps.Length - 1; i++)
        {
            parent = Step(parent, steps[i]) ?? throw new ArgumentException($"no {steps[i]} in {path}", nameof(path));
        }

        string last = steps[^1];
        JsonNode? value = json is null ? null : JsonNode.Parse(json);
        if (last.StartsWith('['))
        {
            var list = (JsonArray)parent;
            int index = int.Parse(last.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture);
            if (json is null)
            {
                list.RemoveAt(index);
            }
            else
            {
                list[index] = value;
            }
        }
        else if (json is null)
        {
            ((JsonObject)parent).Remove(last);
        }
        else
        {
            parent[last] = value;
        }
    }

    private static JsonNode? Step(JsonNode node, string step) =>
        step.StartsWith('[') ? node[int.Parse(step.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture)] : node[step];
}

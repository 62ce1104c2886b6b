using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MatchModels.Synthetic;

/// <summary>
/// Reads a phrase bank (docs/synthetic-data.md, "Phrase banks") and checks all of it before anything is generated.
/// The first problem found ends the reading with one <see cref="PhraseBankException"/> whose message reads
/// <c>file: place: what is wrong</c>, the place being a path into the document such as <c>topics.negotiation.mentee.fr</c>.
/// </summary>
internal static partial class ReadPhraseBank
{
    /// <summary>An optional top-level note for people reading the file (what the bank is for); the generator ignores it.</summary>
    private const string About = "about";

    private static readonly string[] s_topLevel = ["topics", "templates"];
    private static readonly string[] s_roles = ["mentee", "mentor"];
    private static readonly string[] s_languages = ["en", "fr"];
    private static readonly string[] s_templateKinds = ["opening", "follow_up", "closing"];

    public static PhraseBank FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new PhraseBankException($"{path}: is a directory, not a phrase bank file");
        }

        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PhraseBankException($"{path}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhraseBankException($"{path}: cannot be read ({e.GetType().Name})", e);
        }

        return FromText(text, path);
    }

    /// <param name="json">The bank's text.</param>
    /// <param name="source">How messages name the file.</param>
    public static PhraseBank FromText(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            // Keep System.Text.Json's first sentence: it goes on with "LineNumber: … | BytePositionInLine: …", given here
            // in our own words, and sometimes with advice about reader options that a user cannot change.
            string reason = e.Message.Split(" LineNumber:", 2)[0].Split(". ", 2)[0].TrimEnd('.', ' ');
            throw new PhraseBankException($"{source}: line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: not valid JSON ({reason})", e);
        }

        using (doc)
        {
            return new Reader(source).Bank(doc.RootElement);
        }
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();

    private sealed class Reader(string source)
    {
        private readonly Dictionary<string, string> _skillPlaces = new(StringComparer.OrdinalIgnoreCase);

        public PhraseBank Bank(JsonElement root)
        {
            Dictionary<string, JsonElement> top = Object(root, string.Empty, s_topLevel, "key", optional: About);
            if (top.TryGetValue(About, out JsonElement about) && about.ValueKind != JsonValueKind.String)
            {
                throw Fail(About, $"expected a string, found {Describe(about)}");
            }

            Dictionary<string, JsonElement> topicElements = Object(top["topics"], "topics", TopicIds.All, "topic id");
            var topics = new TopicPhrases[TopicIds.All.Count];
            for (int t = 0; t < topics.Length; t++)
            {
                topics[t] = Topic(TopicIds.All[t], topicElements[TopicIds.All[t]], t);
            }

            Dictionary<string, JsonElement> roles = Object(top["templates"], "templates", s_roles, "role");
            var templates = new GoalsTemplates[4];
            for (int r = 0; r < s_roles.Length; r++)
            {
                string rolePath = "templates." + s_roles[r];
                Dictionary<string, JsonElement> languages = Object(roles[s_roles[r]], rolePath, s_languages, "language");
                for (int l = 0; l < s_languages.Length; l++)
                {
                    string path = rolePath + "." + s_languages[l];
                    Dictionary<string, JsonElement> kinds = Object(languages[s_languages[l]], path, s_templateKinds, "template kind");
                    bool french = s_languages[l] == "fr";
                    templates[(r * 2) + l] = new GoalsTemplates(
                        Templates(kinds["opening"], path + ".opening", french, namesTopics: true),
                        Templates(kinds["follow_up"], path + ".follow_up", french, namesTopics: true),
                        Templates(kinds["closing"], path + ".closing", french, namesTopics: false));
                }
            }

            CheckTopicsCanBeReadBack(topics, templates);
            return new PhraseBank(source, topics, templates);
        }

        private TopicPhrases Topic(string id, JsonElement element, int index)
        {
            string path = "topics." + id;
            Dictionary<string, JsonElement> parts = Object(element, path, ["skills", .. s_roles], "role");
            IReadOnlyList<string> skills = Strings(parts["skills"], path + ".skills");
            int slots = TopicIds.SkillSlots[index];
            if (skills.Count != slots)
            {
                throw Fail(path + ".skills", $"{skills.Count} skills, expected {slots}: the generator has {slots} skill slots for this topic, and a bank names each of them");
            }

            for (int i = 0; i < skills.Count; i++)
            {
                string place = $"{path}.skills[{i}]";
                if (skills[i].Contains(';', StringComparison.Ordinal))
                {
                    throw Fail(place, $"'{skills[i]}' contains ';', which separates list items in the tables");
                }

                if (!_skillPlaces.TryAdd(skills[i], place))
                {
                    throw Fail(place, $"'{skills[i]}' is already the skill at {_skillPlaces[skills[i]]}; skills must be distinct (ignoring case) so that skill overlap can be read from the tables");
                }
            }

            var phrases = new IReadOnlyList<string>[4];
            for (int r = 0; r < s_roles.Length; r++)
            {
                string rolePath = path + "." + s_roles[r];
                Dictionary<string, JsonElement> languages = Object(parts[s_roles[r]], rolePath, s_languages, "language");
                for (int l = 0; l < s_languages.Length; l++)
                {
                    phrases[(r * 2) + l] = Strings(languages[s_languages[l]], rolePath + "." + s_languages[l]);
                }
            }

            return new TopicPhrases(id, skills, phrases[0], phrases[1], phrases[2], phrases[3]);
        }

        private List<string> Templates(JsonElement element, string path, bool french, bool namesTopics)
        {
            List<string> templates = Strings(element, path);
            for (int i = 0; i < templates.Count; i++)
            {
                string t = templates[i], place = $"{path}[{i}]";
                int slots = 0;
                foreach (Match m in Placeholder().Matches(t))
                {
                    if (m.Value == "{0}")
                    {
                        slots++;
                    }
                    else if (m.Value == "{de}")
                    {
                        if (!french)
                        {
                            throw Fail(place, "{de} is for French templates only (it becomes \"de\" or \"d'\")");
                        }

                        if (!t.AsSpan(m.Index).StartsWith("{de} {0}", StringComparison.Ordinal))
                        {
                            throw Fail(place, "{de} must stand just before {0}, as in \"Mon objectif est {de} {0}.\"");
                        }
                    }
                    else
                    {
                        throw Fail(place, $"unknown placeholder {m.Value} (expected {{0}}, and {{de}} in French)");
                    }
                }

                if (namesTopics && slots == 0)
                {
                    throw Fail(place, "template has no {0} where the topic phrases go");
                }

                if (namesTopics && slots > 1)
                {
                    throw Fail(place, "template has {0} more than once");
                }

                if (!namesTopics && slots > 0)
                {
                    throw Fail(place, "a closing names no topic: remove {0}");
                }
            }

            return templates;
        }

        /// <summary>
        /// Every phrase must be found in a text only where it was put: never inside another phrase of the same role
        /// (of any topic or language) nor inside a template of that role. Otherwise reading the topics back from a
        /// goals text would find one that is not there, and goals affinity would not be observable.
        /// </summary>
        private void CheckTopicsCanBeReadBack(TopicPhrases[] topics, GoalsTemplates[] templates)
        {
            for (int r = 0; r < s_roles.Length; r++)
            {
                bool mentor = r == 1;
                var phrases = new List<(string Place, string Text)>();
                foreach (TopicPhrases topic in topics)
                {
                    for (int l = 0; l < s_languages.Length; l++)
                    {
                        IReadOnlyList<string> list = topic.Phrases(mentor, french: l == 1);
                        for (int i = 0; i < list.Count; i++)
                        {
                            phrases.Add(($"topics.{topic.Id}.{s_roles[r]}.{s_languages[l]}[{i}]", list[i]));
                        }
                    }
                }

                var fixedText = new List<(string Place, string Text)>();
                for (int l = 0; l < s_languages.Length; l++)
                {
                    GoalsTemplates g = templates[(r * 2) + l];
                    string path = $"templates.{s_roles[r]}.{s_languages[l]}";
                    fixedText.AddRange(g.Opening.Select((t, i) => ($"{path}.opening[{i}]", t)));
                    fixedText.AddRange(g.FollowUp.Select((t, i) => ($"{path}.follow_up[{i}]", t)));
                    fixedText.AddRange(g.Closing.Select((t, i) => ($"{path}.closing[{i}]", t)));
                }

                foreach ((string place, string phrase) in phrases)
                {
                    foreach ((string other, string text) in phrases.Concat(fixedText))
                    {
                        if (other != place && text.Contains(phrase, StringComparison.Ordinal))
                        {
                            throw Fail(place, $"'{phrase}' also occurs in {other} ('{text}'); a phrase must name one topic so that the topics of a text can be read back");
                        }
                    }
                }
            }
        }

        /// <summary>An object whose keys are exactly <paramref name="expected"/> (and maybe <paramref name="optional"/>), in any order.</summary>
        private Dictionary<string, JsonElement> Object(JsonElement element, string path, IReadOnlyList<string> expected, string keyKind, string? optional = null)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(Place(path), $"expected an object, found {Describe(element)}");
            }

            var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty p in element.EnumerateObject())
            {
                string at = Child(path, p.Name);
                if (!expected.Contains(p.Name) && p.Name != optional)
                {
                    throw Fail(at, $"unknown {keyKind} '{p.Name}' (expected {List(optional is null ? expected : [.. expected, optional])})");
                }

                if (!found.TryAdd(p.Name, p.Value))
                {
                    throw Fail(at, "appears twice");
                }
            }

            foreach (string key in expected)
            {
                if (!found.ContainsKey(key))
                {
                    string why = keyKind == "topic id" ? $": a bank must name all {expected.Count} topics ({List(expected)})" : string.Empty;
                    throw Fail(Child(path, key), $"missing{why}");
                }
            }

            return found;
        }

        /// <summary>A non-empty list of non-blank strings without surrounding spaces.</summary>
        private List<string> Strings(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw Fail(path, $"expected a list of strings, found {Describe(element)}");
            }

            var items = new List<string>(element.GetArrayLength());
            foreach (JsonElement item in element.EnumerateArray())
            {
                string place = $"{path}[{items.Count}]";
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Fail(place, $"expected a string, found {Describe(item)}");
                }

                string s = item.GetString()!;
                if (string.IsNullOrWhiteSpace(s))
                {
                    throw Fail(place, "empty text");
                }

                if (s.Trim() != s)
                {
                    throw Fail(place, $"'{s}' starts or ends with a space");
                }

                items.Add(s);
            }

            return items.Count > 0 ? items : throw Fail(path, "empty list");
        }

        private PhraseBankException Fail(string place, string what) => new($"{source}: {place}: {what}");

        private static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

        private static string Place(string path) => path.Length == 0 ? "top level" : path;

        private static string List(IReadOnlyList<string> items) =>
            items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "true/false",
            _ => "null",
        };
    }
}

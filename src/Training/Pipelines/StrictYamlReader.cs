using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Reads the one mapping a pipeline file holds into YamlDotNet's representation model, which keeps every node's
/// line and column. YamlDotNet stops at the first duplicate key; this reports each duplicate and drops it (the first
/// occurrence wins) so that the rest of the file is still checked.
/// </summary>
internal static class StrictYamlReader
{
    /// <summary>The root mapping, or null when the file has none (every reason reported).</summary>
    public static YamlMappingNode? ReadMapping(string yaml, PipelineErrorList errors)
    {
        List<ParsingEvent>? events = ReadEvents(yaml, errors);
        if (events is null)
        {
            return null;
        }

        var kept = new List<ParsingEvent>(events.Count);
        int i = 0;
        while (i < events.Count)
        {
            i = events[i] is NodeEvent ? CopyNode(events, i, kept, errors) : CopyOne(events, i, kept);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new EventList(kept));
        }
        catch (YamlException e)
        {
            // What is left: an alias to an anchor that was dropped with a duplicate, or a duplicate complex key.
            errors.Add(e.Start, "invalid YAML: " + e.Message, withColumn: true);
            return null;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            errors.Add(new Mark(0, 1, 1), "the file is empty: a pipeline needs at least name, task, data, label and search");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "a pipeline file holds one YAML document; this is a second one (after '---')");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(stream.Documents[0].RootNode, $"expected a mapping of keys (name: ..., task: ...) at the top level, found {YamlScalars.Describe(stream.Documents[0].RootNode)}");
            return null;
        }

        return root;
    }

    private static List<ParsingEvent>? ReadEvents(string yaml, PipelineErrorList errors)
    {
        var scanner = new Scanner(new StringReader(yaml), skipComments: true);
        var parser = new Parser(scanner);
        var events = new List<ParsingEvent>();
        try
        {
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }

            return events;
        }
        catch (YamlException e) when (FirstIndentingTab(yaml) is { } tab && e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            // YamlDotNet reports this at the start of the enclosing mapping, often far above the tab itself.
            errors.Add(tab, "invalid YAML: a tab indents this line; YAML indents with spaces only", withColumn: true);
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "invalid YAML: " + e.Message, withColumn: true);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a YamlException on some unterminated flow collections ("[a, b").
            errors.Add(scanner.CurrentPosition, "invalid YAML: unexpected end of a flow collection (a '[' or '{' is not closed)", withColumn: true);
        }

        return null;
    }

    private static Mark? FirstIndentingTab(string yaml)
    {
        string[] lines = yaml.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string indent = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indent.Contains('\t', StringComparison.Ordinal))
            {
                return new Mark(0, i + 1, indent.IndexOf('\t', StringComparison.Ordinal) + 1);
            }
        }

        return null;
    }

    private static int CopyOne(List<ParsingEvent> events, int i, List<ParsingEvent> kept)
    {
        kept.Add(events[i]);
        return i + 1;
    }

    /// <summary>Copies the node starting at <paramref name="i"/>, minus duplicate keys; returns the index after it.</summary>
    private static int CopyNode(List<ParsingEvent> events, int i, List<ParsingEvent> kept, PipelineErrorList errors)
    {
        switch (events[i])
        {
            case SequenceStart:
                kept.Add(events[i++]);
                while (events[i] is not SequenceEnd)
                {
                    i = CopyNode(events, i, kept, errors);
                }

                return CopyOne(events, i, kept);

            case MappingStart:
                kept.Add(events[i++]);
                var seen = new Dictionary<string, Mark>(StringComparer.Ordinal);
                while (events[i] is not MappingEnd)
                {
                    if (events[i] is Scalar key)
                    {
                        if (seen.TryGetValue(key.Value, out Mark first))
                        {
                            errors.Add(key.Start, $"duplicate key '{key.Value}' (first given at line {first.Line}); remove one of them", withColumn: first.Line == key.Start.Line);
                            i = SkipNode(events, SkipNode(events, i));
                            continue;
                        }

                        seen[key.Value] = key.Start;
                    }

                    i = CopyNode(events, i, kept, errors);
                    i = CopyNode(events, i, kept, errors);
                }

                return CopyOne(events, i, kept);

            default:
                return CopyOne(events, i, kept);
        }
    }

    private static int SkipNode(List<ParsingEvent> events, int i)
    {
        int depth = 0;
        do
        {
            depth += events[i].NestingIncrease;
            i++;
        }
        while (depth > 0);
        return i;
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode s && YamlScalars.IsNull(s);

    /// <summary>Replays parsed events to <see cref="YamlStream.Load(IParser)"/>.</summary>
    private sealed class EventList(List<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= events.Count)
            {
                Current = null;
                return false;
            }

            Current = events[_next++];
            return true;
        }
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Core.Registry;

/// <summary>One line of models/&lt;name&gt;/history.jsonl: what changed, when, and why (a forced promotion keeps its reason).</summary>
public sealed record RegistryEvent(
    DateTime AtUtc,
    string Action,
    int Version,
    string? Alias = null,
    int? Previous = null,
    string? Reason = null,
    bool Forced = false,
    string? User = null)
{
    public const string Registered = "registered";
    public const string AliasSet = "alias_set";
    public const string RolledBack = "rolled_back";
    public const string Deleted = "deleted";

    /// <summary>A version registered by the retraining loop that waits, as the candidate, for a person's approval.</summary>
    public const string AwaitingApproval = "awaiting_approval";

    /// <summary>A person approved the awaiting candidate: it became the champion.</summary>
    public const string Approved = "approved";

    /// <summary>A person rejected the awaiting candidate: the candidate alias was removed.</summary>
    public const string Rejected = "rejected";

    /// <summary>A retraining decision (triggered or not, and why), as the model's retraining decisions file records it in full.</summary>
    public const string RetrainDecision = "retrain_decision";
}

/// <summary>
/// The registry's append-only history of one model. Appended under the model's lock, one JSON object per line,
/// so it is the record of who pointed which alias where and why, and the stack rollback walks back down.
/// </summary>
public static class RegistryHistory
{
    public const string FileName = "history.jsonl";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Append(string modelDirectory, RegistryEvent e)
    {
        string line = JsonSerializer.Serialize(e, s_json) + "\n";
        using var stream = new FileStream(Path.Combine(modelDirectory, FileName), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    public static IReadOnlyList<RegistryEvent> Read(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var events = new List<RegistryEvent>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                events.Add(JsonSerializer.Deserialize<RegistryEvent>(line, s_json) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw new RegistryException($"{path}:{lineNumber} is not a registry event ({e.Message})");
            }
        }

        return events;
    }

    /// <summary>
    /// The champion's past, oldest first: each alias_set pushes a version and each rollback pops down to the version it restored, so rolling
    /// back twice goes two champions back rather than flipping between the last two.
    /// </summary>
    public static IReadOnlyList<int> AliasStack(IReadOnlyList<RegistryEvent> events, string alias)
    {
        var stack = new List<int>();
        foreach (RegistryEvent e in events.Where(e => e.Alias == alias))
        {
            if (e.Action == RegistryEvent.AliasSet)
            {
                stack.Add(e.Version);
            }
            else if (e.Action == RegistryEvent.RolledBack)
            {
                // A rollback may skip champions deleted since: pop down to the version it went back to.
                while (stack.Count > 0 && stack[^1] != e.Version)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                if (stack.Count == 0)
                {
                    stack.Add(e.Version);
                }
            }
        }

        return stack;
    }
}

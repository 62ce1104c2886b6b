using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Monitoring.Retraining;

/// <summary>
/// One run of the retraining loop: what it looked at, whether it was triggered and why, and what became of it.
/// <see cref="Outcome"/> is one of the constants below.
/// </summary>
public sealed record RetrainingDecision(
    DateTime AtUtc,
    string Model,
    int ChampionVersion,
    bool Triggered,
    string Why,
    IReadOnlyList<TriggerCheck> Checks,
    string? Evidence,
    string? Data,
    string Outcome,
    string? Detail = null,
    string? RunId = null,
    int? NewVersion = null,
    string? User = null)
{
    public const string Refused = "refused";
    public const string NotTriggered = "not_triggered";
    public const string TrainingFailed = "training_failed";
    public const string NotRegistered = "not_registered";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Promoted = "promoted";
    public const string NotPromoted = "not_promoted";

    /// <summary>Whether the loop started a training, which is what the cooldown counts from.</summary>
    public bool StartedTraining => Triggered && Outcome != Refused;
}

/// <summary>The model's retraining decisions, one JSON line each, in <c>&lt;registry&gt;/&lt;name&gt;/retraining/decisions.jsonl</c>.</summary>
public sealed class RetrainingDecisions(string modelDirectory)
{
    public const string Folder = "retraining";
    public const string FileName = "decisions.jsonl";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string FilePath { get; } = Path.Combine(modelDirectory, Folder, FileName);

    public void Append(RetrainingDecision decision)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(decision, s_json) + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every decision, oldest first; a damaged line is an error naming it, since the cooldown depends on them.</summary>
    public IReadOnlyList<RetrainingDecision> Read()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        var all = new List<RetrainingDecision>();
        int line = 0;
        foreach (string text in File.ReadLines(FilePath))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                all.Add(JsonSerializer.Deserialize<RetrainingDecision>(text, s_json) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw new Reports.MonitoringEvidenceException($"{FilePath}:{line} is not a retraining decision ({e.Message}): the cooldown cannot be judged; nothing was retrained");
            }
        }

        return all;
    }
}

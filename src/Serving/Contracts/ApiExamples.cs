using System.Text.Json.Nodes;
using MatchModels.Core.Registry;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Contracts;

/// <summary>One example body per route, as the document shows them; a contract test sends each to the real server.</summary>
internal static class ApiExamples
{
    public static JsonObject Predict() => new()
    {
        ["pairs"] = new JsonArray(new JsonObject
        {
            ["as_of"] = "2025-03-01T00:00:00Z",
            ["mentee"] = Mentee(),
            ["mentor"] = Mentor("p-2", "fr", 1),
            ["mentor_record"] = new JsonObject { ["active_pairs"] = 1, ["prior_pairs"] = 3, ["prior_completed"] = 2 },
        }),
    };

    public static JsonObject Rank()
    {
        JsonObject far = Mentor("p-3", "en", -5);
        far["mentor_record"] = new JsonObject { ["active_pairs"] = 0, ["prior_pairs"] = 1, ["prior_completed"] = 1 };
        return new JsonObject
        {
            ["as_of"] = "2025-03-01T00:00:00Z",
            ["mentee"] = Mentee(),
            ["mentors"] = new JsonArray(Mentor("p-2", "fr", 1), far),
            ["top"] = 5,
            ["filters"] = new JsonObject { ["shared_language"] = true, ["max_timezone_gap_h"] = 3 },
        };
    }

    /// <summary>The outcome of the pair the predict example scores, as the prediction log names it.</summary>
    public static JsonObject Outcomes() => new()
    {
        ["outcomes"] = new JsonArray(new JsonObject { ["pair_id"] = "p-1→p-2", ["success"] = true, ["observed_at"] = "2025-06-30T09:00:00Z" }),
    };

    private static JsonObject Mentee() => new()
    {
        ["participant_id"] = "p-1",
        ["joined_at"] = "2024-01-15T00:00:00Z",
        ["department"] = "Sales",
        ["site"] = "Paris",
        ["timezone_offset_h"] = 1,
        ["job_level"] = 3,
        ["tenure_years"] = 2.5,
        ["languages"] = new JsonArray("fr", "en"),
        ["skills"] = new JsonArray("negotiation"),
        ["goals_text"] = "present with confidence",
        ["availability_h_per_month"] = 4,
    };

    private static JsonObject Mentor(string id, string language, double timezone) => new()
    {
        ["participant_id"] = id,
        ["joined_at"] = "2022-06-01T00:00:00Z",
        ["department"] = "Legal",
        ["site"] = "Lyon",
        ["timezone_offset_h"] = timezone,
        ["job_level"] = 6,
        ["tenure_years"] = 9,
        ["languages"] = new JsonArray(language),
        ["skills"] = new JsonArray("negotiation", "leadership"),
        ["goals_text"] = "coach presentation skills",
        ["availability_h_per_month"] = 6,
        ["mentor_capacity"] = 2,
    };
}

/// <summary>
/// The infer example: one row of zeros in the first served model's input. A tensor example is only valid for one
/// signature, so it is taken from the registry when the document is served (a placeholder when nothing is registered).
/// </summary>
internal sealed record InferExample(string Input, int Width)
{
    private static readonly InferExample s_placeholder = new("features", 3);

    public static InferExample For(ServedModels models)
    {
        try
        {
            string? name = models.Registry.Names().FirstOrDefault(n => models.Registry.Versions(n).Count > 0);
            if (name is null)
            {
                return s_placeholder;
            }

            using ModelLease lease = models.Acquire(new ModelReference(name, null, null));
            return new InferExample(lease.Scorer.Manifest.Onnx.Input, lease.Scorer.Manifest.Onnx.Width);
        }
        catch (Exception e) when (e is RegistryException or IOException or Core.Scoring.InvalidOnnxModelException)
        {
            // The document must be served even when no model can be: the example is then only a shape.
            return s_placeholder;
        }
    }

    public JsonObject Body() => new()
    {
        ["id"] = "example-1",
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = Input,
            ["shape"] = new JsonArray(1, Width),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray([.. Enumerable.Repeat(0, Width).Select(z => (JsonNode)(double)z)]),
        }),
    };
}

/// <summary>
/// The profile fields the document marks required: those some registered version cannot score without (ADR 0022),
/// so a body that follows the document is accepted by every version. With nothing registered, what a version that
/// reads every profile field needs.
/// </summary>
internal sealed record ProfileContract(IReadOnlyList<string> Mentee, IReadOnlyList<string> Mentor)
{
    public static ProfileContract Default { get; } = new(ScoringRequests.AllRead.Mentee, ScoringRequests.AllRead.Mentor);

    public static ProfileContract For(ServedModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var mentee = new HashSet<string>(StringComparer.Ordinal);
        var mentor = new HashSet<string>(StringComparer.Ordinal);
        bool any = false;
        foreach (string name in models.Registry.Names())
        {
            foreach (int version in models.Registry.Versions(name))
            {
                try
                {
                    Core.Features.ProfileRequirements r = Core.Scoring.PairScorer.RequirementsOf(models.Registry.Open(name, version).Manifest.Features);
                    mentee.UnionWith(r.Mentee);
                    mentor.UnionWith(r.Mentor);
                    any = true;
                }
                catch (Exception e) when (e is RegistryException or IOException or FormatException)
                {
                    // A version that cannot be read cannot be scored either, so it asks nothing of a profile.
                }
            }
        }

        // In the schema's order, as the participants columns are listed.
        IReadOnlyList<string> Ordered(HashSet<string> fields) => [.. Core.Features.ProfileFields.All.Where(fields.Contains)];
        return any ? new ProfileContract(Ordered(mentee), Ordered(mentor)) : Default;
    }
}

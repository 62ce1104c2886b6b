namespace MatchModels.Cli.Train;

/// <summary>
/// The commands `train` prints after registering a version: create a key, serve, score one pair, and (for a version
/// whose gates were inconclusive) promote it with a reason. The README's main job shows the same lines, and
/// tests/Cli/Train/ReadmeMainJobTests checks they match and runs them.
/// </summary>
public static class NextCommands
{
    /// <summary>Where `serve` listens by default (README, "The scoring API at a glance").</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>One pair of raw profiles, every required field and nothing more (src/Serving/Scoring/ScoringRequests.cs).</summary>
    public const string ExampleBody =
        """{"pairs": [{"as_of": "2025-03-01T00:00:00Z", "mentee": {"participant_id": "p-1", "joined_at": "2024-01-15T00:00:00Z", "department": "Sales", "site": "Paris", "timezone_offset_h": 1, "job_level": 3, "tenure_years": 2.5, "languages": ["fr", "en"], "skills": ["negotiation"], "goals_text": "present with confidence", "availability_h_per_month": 4}"""
        + """, "mentor": {"participant_id": "p-2", "joined_at": "2022-06-01T00:00:00Z", "department": "Legal", "site": "Lyon", "timezone_offset_h": 1, "job_level": 6, "tenure_years": 9, "languages": ["fr"], "skills": ["negotiation", "leadership"], "goals_text": "coach presentation skills", "availability_h_per_month": 6, "mentor_capacity": 2}}]}""";

    /// <summary>The registry the commands use when none is named: the same default as <see cref="RegistryOption"/>.</summary>
    public const string DefaultRegistry = "models";

    /// <param name="model">The model name.</param>
    /// <param name="version">The version just registered.</param>
    /// <param name="alias">The alias pointed at it, or null.</param>
    /// <param name="awaitsReview">True when its gates were inconclusive, so it waits for a person to promote it.</param>
    /// <param name="registry">The registry it went to; named in the commands unless it is the default.</param>
    public static IReadOnlyList<string> For(string model, int version, string? alias, bool awaitsReview, string registry = DefaultRegistry)
    {
        // Serving scores the champion unless told otherwise; a version no alias points at is named with ?version=N.
        string query = alias == Core.Registry.ModelReference.Champion ? "" : alias is null ? $"?version={version}" : $"?alias={alias}";
        string at = registry == DefaultRegistry ? "" : $" --registry {registry}";
        var lines = new List<string>
        {
            "dotnet run --project src/Cli -- keys create --name local --scopes score   # prints the key once: export KEY=…",
            $"dotnet run --project src/Cli -- serve{at}   # in another terminal: http://127.0.0.1:5080",
            $"curl -s -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' '{DefaultUrl}/v1/models/{model}/predict{query}' -d '{ExampleBody}'",
        };
        if (awaitsReview)
        {
            lines.Add($"dotnet run --project src/Cli -- models promote {model} {version}{at} --reason \"…\"   # gates inconclusive: a person decides");
        }

        return lines;
    }
}

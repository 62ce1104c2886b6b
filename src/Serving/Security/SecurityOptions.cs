namespace MatchModels.Serving.Security;

/// <summary>Configuration section <c>Serving</c>: keys, limits. Every value can be set as <c>Serving:Name</c> (or <c>Serving__Name</c> in the environment).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Serving";

    /// <summary>The keys file written by <c>matchmodels keys</c>; relative paths are from the working directory.</summary>
    public string KeysFile { get; set; } = "keys.json";

    /// <summary>
    /// How often the keys file's time stamp is checked for changes. One second bounds how long a revoked key keeps
    /// working, at the cost of one file stat per second rather than one per request.
    /// </summary>
    public double KeysReloadSeconds { get; set; } = 1;

    /// <summary>
    /// Largest request body on every route but rank. 32 MiB holds the largest predict batch (1,000 pairs of two
    /// profiles, about 1.5 KiB a pair) many times over, and the largest outcomes report; anything larger is a mistake
    /// or an attack.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Largest rank request body. A mentor profile shaped like the sample's, with its mentor_record, is about 0.7 KB
    /// of JSON, so the 50,000 candidates rank accepts are about 35 MB: over <see cref="MaxBodyBytes"/>. 64 MiB is
    /// 1.3 KiB a mentor, room for longer goals texts and skill lists or indented JSON. The body is read one mentor at a
    /// time (Scoring/ReadRankBody.cs), so this bounds the transfer and the candidates' text, not a parsed copy of it.
    /// </summary>
    public long MaxRankBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Scoring requests (predict, rank, infer) running at once before the next is answered 503 with Retry-After; 0
    /// turns the limit off. 64: twice the 32 connections of the load test (tests/Load/run.sh), which measures the
    /// latency target and must never meet the limit, and enough requests waiting on one fsync for group commit to
    /// batch them; a single-pair predict holds a few kilobytes, so 64 of them cost nothing. A full 50,000-mentor rank
    /// holds about 63 MB (Scoring/ReadRankBody.cs), so a host that takes many of those at once should lower this.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary><c>Serving:RateLimit</c>: a fixed window per API key.</summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Requests one key may make per window; 0 turns rate limiting off (load tests do). 6,000 a minute (100 a second on
    /// average) is far above what an HR platform's interactive use needs, while a batch job sends few large requests.
    /// </summary>
    public int PermitLimit { get; set; } = 6000;

    public double WindowSeconds { get; set; } = 60;
}

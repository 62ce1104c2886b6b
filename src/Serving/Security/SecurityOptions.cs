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
    /// Largest request body. 32 MiB: a rank request of 50,000 candidate mentor profiles (about 0.5 KiB each in JSON)
    /// is about 25 MiB; anything larger is a mistake or an attack.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

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

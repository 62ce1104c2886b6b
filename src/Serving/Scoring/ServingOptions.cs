namespace MatchModels.Serving.Scoring;

/// <summary>The "Serving" configuration section.</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>The registry folder (models/ layout in DESIGN.md); `matchmodels serve --registry DIR` sets it.</summary>
    public string Registry { get; set; } = "models";

    /// <summary>Most pairs in one predict request (and rows in one v2 infer): larger batches belong to `matchmodels predict`.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Most candidate mentors in one rank request: the largest mentor pool the issue asks for.</summary>
    public int MaxCandidates { get; set; } = 50_000;

    /// <summary>Contributions returned per pair with explain=true unless the request asks for another number.</summary>
    public int ExplainTop { get; set; } = 5;

    /// <summary>
    /// How often, at most, aliases.json is checked for a promotion or rollback: a promotion is served within this
    /// many milliseconds. 0 checks on every request.
    /// </summary>
    public int AliasRecheckMilliseconds { get; set; } = 250;

    /// <summary>
    /// Most versions kept loaded at once. Versions an alias points at are always kept (a promotion must not
    /// reload); past this, the least recently used of the others is unloaded once its requests finish. Eight leaves
    /// room for champion, challenger, candidate and a few pinned `?version=N` callers, while a client that walks
    /// every version cannot grow the host's memory with each one.
    /// </summary>
    public int MaxLoadedVersions { get; set; } = 8;

    /// <summary>
    /// The URL clients reach this server at, as the OpenAPI document's <c>servers</c> entry names it (behind a proxy,
    /// the proxy's URL); never taken from a request's Host header, which any caller controls.
    /// </summary>
    public string PublicUrl { get; set; } = ServingHost.DefaultUrl;

    public ShadowOptions Shadow { get; set; } = new();
}

/// <summary>Shadow scoring (<c>Serving:Shadow</c>): the challenger scores the champion's requests off the response path, and both results go to the prediction log.</summary>
public sealed class ShadowOptions
{
    public bool Enabled { get; set; }

    public string Alias { get; set; } = "challenger";

    /// <summary>Shadow scorings running at once before new ones are skipped: shadowing must never slow the primary path.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>
    /// Shadow rows enter the prediction log only while they keep the records waiting to be written within this share of
    /// <c>Serving:PredictionLog:Capacity</c>; otherwise they are dropped and counted. Half leaves the rows of answered
    /// requests at least half the queue, because a full queue makes those requests wait and then fail with 503.
    /// </summary>
    public double LogQueueShare { get; set; } = 0.5;
}

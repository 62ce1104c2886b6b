using MatchModels.Core.Scoring;

namespace MatchModels.Serving.Scoring;

/// <summary>POST /v1/models/{name}/rank: one mentee against many candidate mentors, after hard filters.</summary>
public static class RankEndpoint
{
    public static async Task<IResult> Handle(string name, HttpContext http, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(scoring);
        string requestId = ScoringContext.RequestId(http);
        using ModelLease lease = scoring.Acquire(http, name);
        RankRequest r = await ReadRankBody.ReadAsync(http, scoring.Options.MaxCandidates, scoring.Clock.GetUtcNow().UtcDateTime, lease.Scorer.DeclaredColumns, lease.Scorer.Requirements);
        scoring.Metrics.BatchSize.Observe(r.Mentors.Count, "rank");
        RankResult result = scoring.Time("rank", lease, () => RankMentors.Run(lease.Scorer, r.Mentee, r.MenteeManagerChain, r.Mentors, r.AsOf, r.Filters, r.Top));
        double threshold = lease.Scorer.Manifest.Threshold;
        await scoring.ObserveAsync(http, new PredictionBatch(requestId, scoring.Clock.GetUtcNow(), "rank", lease.Name, lease.Version, lease.Alias, lease.Scorer.FeatureNames,
            result.TopFeatures, result.Top.Select(t => t.Probability).ToArray(), result.Top.Select(t => $"{r.Mentee.ParticipantId}→{t.MentorId}").ToArray(), threshold, ScoringContext.ClientRequestId(http)));
        return Results.Ok(new RankResponse(
            lease.Name, lease.Version, lease.Alias, requestId, ScoringContext.ClientRequestId(http), r.Mentors.Count, result.Eligible,
            new RemovedByFilter(result.Removed.SharedLanguage, result.Removed.SameReportingLine, result.Removed.TimezoneGap, result.Removed.FreeCapacity),
            result.Top.Select((t, i) => new RankedCandidate(i + 1, t.MentorId, t.Index, t.Probability, t.Probability >= threshold)).ToList()));
    }
}

/// <summary>The answer to a rank request.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that scored every candidate.</param>
/// <param name="Alias">The alias that chose it (champion by default); null when the request named a version.</param>
/// <param name="RequestId">This request's id, made by the server, also in the X-Request-Id header.</param>
/// <param name="ClientRequestId">The caller's own X-Request-Id, echoed; null when none was sent.</param>
/// <param name="Candidates">Mentors sent.</param>
/// <param name="Eligible">Mentors left after the hard filters (all of them scored).</param>
/// <param name="Removed">How many mentors each filter removed; a mentor failing several is counted under the first, in this order.</param>
/// <param name="Top">The best eligible mentors, best first.</param>
public sealed record RankResponse(string Model, int Version, string? Alias, string RequestId, string? ClientRequestId, int Candidates, int Eligible, RemovedByFilter Removed, IReadOnlyList<RankedCandidate> Top);

public sealed record RemovedByFilter(int SharedLanguage, int SameReportingLine, int TimezoneGap, int FreeCapacity);

/// <param name="Rank">1 for the best.</param>
/// <param name="MentorId">The mentor's participant_id.</param>
/// <param name="Index">The mentor's position in the request's mentors array.</param>
/// <param name="Probability">The model's probability for the pair.</param>
/// <param name="Label">Probability ≥ the version's threshold.</param>
public sealed record RankedCandidate(int Rank, string MentorId, int Index, float Probability, bool Label);

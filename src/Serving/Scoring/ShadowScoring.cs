using MatchModels.Core.Features;
using MatchModels.Core.Registry;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// Shadow mode: when enabled, the challenger scores the same pairs after the response is on its way, and both
/// results are logged side by side. Bounded: when <see cref="ShadowOptions.MaxConcurrent"/> shadow scorings are
/// already running, a request is not shadowed rather than queued, so the primary path never waits for it.
/// </summary>
public sealed class ShadowScoring(ServedModels models, IOptions<ServingOptions> options, ILogger<ShadowScoring> logger)
{
    private readonly ShadowOptions _options = options.Value.Shadow;
    private int _running;

    public bool Enabled => _options.Enabled;

    /// <summary>Starts scoring <paramref name="pairs"/> with the challenger; returns the task (tests wait on it), or null when not shadowed.</summary>
    public Task? Start(string requestId, ModelLease primary, IReadOnlyList<PairSnapshot> pairs, float[] primaryProbabilities)
    {
        ArgumentNullException.ThrowIfNull(primary);
        if (!_options.Enabled || primary.Alias != ModelReference.Champion)
        {
            return null;
        }

        if (!models.AliasesOf(primary.Name).TryGetValue(_options.Alias, out int challenger) || challenger == primary.Version)
        {
            return null;
        }

        if (Interlocked.Increment(ref _running) > _options.MaxConcurrent)
        {
            Interlocked.Decrement(ref _running);
            logger.LogDebug("Shadow scoring skipped for request {RequestId}: {Running} already running", requestId, _options.MaxConcurrent);
            return null;
        }

        string name = primary.Name;
        int primaryVersion = primary.Version;
        return Task.Run(() =>
        {
            try
            {
                using ModelLease lease = models.Acquire(new ModelReference(name, challenger, null));
                float[] shadow = lease.Scorer.Score(pairs);
                for (int i = 0; i < pairs.Count; i++)
                {
                    logger.LogInformation(
                        "Shadow {RequestId} pair {Index} {MenteeId}→{MentorId}: {Model} v{PrimaryVersion} {PrimaryProbability} vs {ShadowAlias} v{ShadowVersion} {ShadowProbability}",
                        requestId, i, pairs[i].Mentee.ParticipantId, pairs[i].Mentor.ParticipantId, name, primaryVersion, primaryProbabilities[i], _options.Alias, lease.Version, shadow[i]);
                }
            }
            catch (Exception e) when (e is RegistryException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "Shadow scoring of request {RequestId} with {Model}@{Alias} failed", requestId, name, _options.Alias);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        });
    }
}

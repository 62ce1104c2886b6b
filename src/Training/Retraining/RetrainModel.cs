using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Retraining;
using MatchModels.Monitoring.Settings;
using MatchModels.Training.Registration;

namespace MatchModels.Training.Retraining;

/// <summary>What <c>matchmodels retrain</c> was asked: the model, an optional data folder overriding the policy's, and the trials of the search.</summary>
public sealed record RetrainRequest(string Registry, string Name, string? Data = null, int? Trials = null);

/// <summary>A retraining that cannot be asked for as given: no champion, no policy, no data folder (exit 2).</summary>
public sealed class RetrainingRequestException(string message) : Exception(message);

/// <summary>
/// <c>matchmodels retrain</c>: weighs the champion's retraining policy (its <c>monitoring.json</c>) against the latest
/// monitoring report, the champion's age and the cooldown (<see cref="EvaluateTriggers"/>); when triggered, trains the
/// champion's own resolved pipeline on the policy's data folder as <c>train</c> does, which registers the model only
/// through its gates; a registered version then waits as the candidate for a person (require_approval) or is promoted
/// only when it beats the champion on the same recent labelled window (<see cref="CompareOnRecentWindow"/>) and passes the promotion gates. Every decision goes to the decisions file and to history.jsonl. Throws
/// <see cref="MonitoringEvidenceException"/> (after recording it) when the evidence is bad.
/// </summary>
public sealed class RetrainModel(TimeProvider clock)
{
    public async Task<RetrainingDecision> RunAsync(RetrainRequest request, IProgress<TrainProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var registry = new ModelRegistry(request.Registry);
        string modelDir = registry.ModelDirectory(request.Name);
        if (!registry.Aliases(request.Name).TryGetValue(ModelReference.Champion, out int championVersion))
        {
            throw new RetrainingRequestException($"model '{request.Name}' has no champion: the retraining loop retrains the champion's pipeline, so promote a version first");
        }

        ModelVersion champion = registry.Open(request.Name, championVersion);
        RetrainingPolicy policy = (MonitoringSettingsFile.Read(champion) ?? throw new RetrainingRequestException($"{request.Name}:{championVersion} was registered without monitoring settings ({MonitoringSettingsFile.FileName}): add a monitoring.retraining section to its pipeline and retrain it by hand first"))
            .Retraining ?? throw new RetrainingRequestException($"{request.Name}:{championVersion}'s pipeline has no monitoring.retraining policy: nothing decides when to retrain it");
        string data = request.Data ?? policy.Data ?? throw new RetrainingRequestException("no data folder: give --data DIR or set monitoring.retraining.data in the pipeline");
        if (!Directory.Exists(data))
        {
            throw new RetrainingRequestException($"the data folder {data} does not exist");
        }

        var decisions = new RetrainingDecisions(modelDir);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        RetrainingEvidence? evidence;
        DateTime? lastRetrain;
        try
        {
            lastRetrain = decisions.Read().LastOrDefault(d => d.StartedTraining)?.AtUtc;
            evidence = ReadRetrainingEvidence.Latest(Path.Combine(modelDir, MonitorModelVersion.MonitoringFolder));
        }
        catch (MonitoringEvidenceException e)
        {
            Record(registry, decisions, new RetrainingDecision(now, request.Name, championVersion, false, e.Message, [], null, data, RetrainingDecision.Refused, User: Environment.UserName));
            throw;
        }

        TriggerVerdict verdict = EvaluateTriggers.Run(policy, evidence, championVersion, champion.Manifest.CreatedAtUtc, lastRetrain, now);
        var decision = new RetrainingDecision(now, request.Name, championVersion, verdict.Triggered, verdict.Why, verdict.Checks, evidence?.Path, data,
            verdict.Refused is not null ? RetrainingDecision.Refused : RetrainingDecision.NotTriggered, User: Environment.UserName);
        if (verdict.Refused is { } refused)
        {
            Record(registry, decisions, decision);
            throw new MonitoringEvidenceException($"{refused}; nothing was retrained");
        }

        if (!verdict.Triggered)
        {
            Record(registry, decisions, decision);
            return decision;
        }

        TrainResult trained;
        try
        {
            trained = await new TrainPipeline(clock).RunAsync(
                new TrainRequest(champion.PathOf(RegisterTrainedModel.PipelineFile), request.Registry, data, Trials: request.Trials), progress, ct);
        }
        catch (Exception e) when (e is TrainingException or IOException)
        {
            Record(registry, decisions, decision with { Outcome = RetrainingDecision.TrainingFailed, Detail = e.Message });
            throw;
        }

        decision = decision with { RunId = trained.Record.RunId };
        RegistrationOutcome? registration = trained.Record.Registration;
        if (registration is not { Status: RegistrationOutcome.Registered, Version: { } newVersion })
        {
            decision = decision with { Outcome = RetrainingDecision.NotRegistered, Detail = registration?.Detail ?? trained.Record.Error ?? trained.Record.Status };
        }
        else if (policy.RequireApproval)
        {
            DecideOnCandidate.MarkAwaiting(registry, request.Name, newVersion, $"retrained ({verdict.Why}); awaiting a person's approval", clock.GetUtcNow().UtcDateTime);
            decision = decision with { Outcome = RetrainingDecision.AwaitingApproval, NewVersion = newVersion, Detail = $"{registration.Detail}; holds the {ApprovalStatus.CandidateAlias} alias until models approve or models reject" };
        }
        else
        {
            decision = decision with { NewVersion = newVersion };
            try
            {
                WindowComparison compared = await CompareOnRecentWindow.RunAsync(champion, trained.RunDirectory, data, ct);
                if (!compared.CandidateBetter)
                {
                    decision = decision with { Outcome = RetrainingDecision.NotPromoted, Detail = $"not promoted: it does not beat the champion {compared.Describe()}" };
                }
                else
                {
                    PromoteWithGates.Run(registry, new PromotionRequest(request.Name, newVersion, Reason: null), clock.GetUtcNow().UtcDateTime);
                    decision = decision with { Outcome = RetrainingDecision.Promoted, Detail = $"promoted: it beats the champion {compared.Describe()}, and passed the promotion gates" };
                }
            }
            catch (PromotionRefusedException e)
            {
                decision = decision with { Outcome = RetrainingDecision.NotPromoted, Detail = e.Message };
            }
            catch (Exception e) when (e is TrainingException or HistoryInvalidException or IOException)
            {
                decision = decision with { Outcome = RetrainingDecision.NotPromoted, Detail = $"not promoted: {e.Message}" };
            }
        }

        Record(registry, decisions, decision);
        return decision;
    }

    /// <summary>The full decision in the decisions file; its outcome and why in history.jsonl, under the version it concerns.</summary>
    private static void Record(ModelRegistry registry, RetrainingDecisions decisions, RetrainingDecision d)
    {
        decisions.Append(d);
        string modelDir = registry.ModelDirectory(d.Model);
        using RegistryLock held = RegistryLock.Acquire(modelDir);
        RegistryHistory.Append(modelDir, new RegistryEvent(d.AtUtc, RegistryEvent.RetrainDecision, d.NewVersion ?? d.ChampionVersion,
            Reason: $"{d.Outcome}: {d.Why}{(d.Detail is null ? "" : $"; {d.Detail}")}", User: d.User));
    }
}

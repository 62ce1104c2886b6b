using System.Globalization;
using MatchModels.Monitoring.Settings;

namespace MatchModels.Monitoring.Retraining;

/// <summary>One trigger as weighed: whether it fired, and the evidence in words.</summary>
public sealed record TriggerCheck(string Trigger, bool Fired, string Evidence);

/// <summary>
/// The verdict on a policy: triggered or not and why, each trigger's check, or a refusal (bad evidence) that stops the
/// loop before any training.
/// </summary>
public sealed record TriggerVerdict(bool Triggered, string Why, IReadOnlyList<TriggerCheck> Checks, string? Refused);

/// <summary>
/// Weighs a retraining policy's triggers against the latest monitoring evidence of the champion, the champion's age and
/// the last retraining the loop started. Pure: every input is a parameter. The cooldown wins over every trigger; a
/// refusal (evidence missing, damaged, of another version, or without a window labelled enough for the AUC trigger)
/// wins over both, since a retraining must never start on evidence nobody can stand behind.
/// </summary>
public static class EvaluateTriggers
{
    public static TriggerVerdict Run(RetrainingPolicy policy, RetrainingEvidence? evidence, int championVersion, DateTime championRegisteredUtc, DateTime? lastRetrainUtc, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(policy);
        bool needsEvidence = policy.DatasetDrift is not null || policy.RealisedAucDrop is not null || policy.EstimatedAucFloor is not null;
        if (needsEvidence && evidence is null)
        {
            return Refuse("there is no monitoring report of this model: run `matchmodels monitor` first, so the triggers have evidence");
        }

        if (needsEvidence && evidence!.Version != championVersion)
        {
            return Refuse($"the latest monitoring report ({evidence.Path}) is of version {evidence.Version}, but the champion is version {championVersion}: monitor the champion first");
        }

        var checks = new List<TriggerCheck>();
        EvidenceWindow[] windows = evidence is null ? [] : [.. evidence.Windows.Where(w => !w.Empty)];
        if (policy.DatasetDrift is { } drift)
        {
            EvidenceWindow[] last = windows.TakeLast(drift.OfLast).ToArray();
            int drifted = last.Count(w => w.DatasetDrift == true);
            checks.Add(new TriggerCheck("dataset_drift", drifted >= drift.Windows && last.Length > 0,
                $"dataset drift in {drifted} of the last {last.Length} window(s) ({string.Join(", ", last.Where(w => w.DatasetDrift == true).Select(w => w.Label))}); fires at {drift.Windows} of {drift.OfLast}"));
        }

        if (policy.RealisedAucDrop is { } drop)
        {
            EvidenceWindow[] labelled = [.. windows.Where(w => w.Labelled >= drop.MinLabels && w.RealisedAuc is not null)];
            if (labelled.Length == 0 || evidence!.TestAuc is not { } test)
            {
                return Refuse($"the realised_auc_drop trigger needs a window with at least {drop.MinLabels} labels, and {evidence!.Path} has none{(evidence.TestAuc is null ? " (nor the version's test AUC)" : "")}: join outcomes in monitor (--outcomes) before retraining on AUC");
            }

            EvidenceWindow worst = labelled.MinBy(w => w.RealisedAuc!.Value)!;
            double fall = test - worst.RealisedAuc!.Value;
            checks.Add(new TriggerCheck("realised_auc_drop", fall >= drop.Delta,
                F($"realised AUC {worst.RealisedAuc:0.###} over {worst.Labelled} labels in {worst.Label}, {fall:0.###} below the test AUC {test:0.###}; fires at a drop of {drop.Delta}")));
        }

        if (policy.EstimatedAucFloor is { } floor)
        {
            EvidenceWindow? low = windows.Where(w => w.EstimatedAuc is not null).MinBy(w => w.EstimatedAuc!.Value);
            checks.Add(new TriggerCheck("estimated_auc_below", low is not null && low.EstimatedAuc < floor,
                low is null ? "no window has an estimated AUC" : F($"lowest estimated AUC {low.EstimatedAuc:0.###} in {low.Label}; fires below {floor}")));
        }

        if (policy.EveryDays is { } days)
        {
            double age = (nowUtc - championRegisteredUtc).TotalDays;
            checks.Add(new TriggerCheck("every_days", age >= days, F($"the champion (version {championVersion}) is {age:0.#} day(s) old; fires at {days}")));
        }

        if (lastRetrainUtc is { } last2 && (nowUtc - last2).TotalDays < policy.CooldownDays)
        {
            return new TriggerVerdict(false, F($"in cooldown: the last retraining started {last2:yyyy-MM-dd HH:mm} UTC, within {policy.CooldownDays} day(s)"), checks, null);
        }

        TriggerCheck[] fired = [.. checks.Where(c => c.Fired)];
        return fired.Length > 0
            ? new TriggerVerdict(true, $"triggered by {string.Join(" and ", fired.Select(c => $"{c.Trigger} ({c.Evidence})"))}", checks, null)
            : new TriggerVerdict(false, checks.Count == 0 ? "the policy has no trigger" : "no trigger fired", checks, null);
    }

    private static TriggerVerdict Refuse(string why) => new(false, why, [], why);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

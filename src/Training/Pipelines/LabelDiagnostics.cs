using System.Globalization;

namespace MatchModels.Training.Pipelines;

/// <summary>How many pairs one branch of the label rule took, and what it did with them, in a sentence.</summary>
/// <param name="Reason">A <see cref="LabelReason"/> or <see cref="LabelExclusion"/> record name.</param>
/// <param name="Label">The label the branch gives; null for pairs left out.</param>
/// <param name="Pairs">How many pairs.</param>
/// <param name="Message">E.g. "612 completed pairs have no session rows: counted as not succeeded; is the sessions export complete?".</param>
public sealed record LabelCount(string Reason, bool? Label, int Pairs, string Message);

/// <summary>
/// What the label rule did with the pairs, said before training: counts per reason, and, when a split would be
/// one-class, whether a reason the data explains (a sessions export that left pairs out) is behind it.
/// </summary>
public static class LabelDiagnostics
{
    /// <summary>Share of a split's majority class that one data-gap reason must hold for the refusal to name it.</summary>
    public const double DataGapShare = 0.5;

    /// <summary>Every reason with at least one pair: labelled reasons first (positives, then negatives), then exclusions.</summary>
    public static IReadOnlyList<LabelCount> Count(LabelledPairs labelled, LabelSpec rule)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(rule);
        var counts = labelled.Rows
            .Where(r => r.Reason is not null)
            .GroupBy(r => (r.Reason!.Value, r.Label))
            .OrderByDescending(g => g.Key.Label)
            .ThenBy(g => g.Key.Value)
            .Select(g => new LabelCount(g.Key.Value.RecordName, g.Key.Label, g.Count(), Message(g.Key.Value, g.Key.Label, g.Count(), rule)))
            .ToList();
        counts.AddRange(labelled.Excluded.OrderBy(e => e.Key).Select(e => new LabelCount(e.Key.RecordName, null, e.Value, Message(e.Key, e.Value))));
        return counts;
    }

    /// <summary>
    /// Why a split's rows are (nearly) all one class, when the reasons that suggest missing data hold together at least
    /// <see cref="DataGapShare"/> of its majority class; null when nothing in the data explains it.
    /// </summary>
    public static string? DataGapBehind(IReadOnlyCollection<LabelledPair> rows, LabelSpec rule)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int positives = rows.Count(r => r.Label);
        bool majority = positives * 2 >= rows.Count;
        int inMajority = majority ? positives : rows.Count - positives;
        var gaps = rows
            .Where(r => r.Label == majority && r.Reason is { SuggestsMissingData: true })
            .GroupBy(r => r.Reason!.Value)
            .Select(g => (Reason: g.Key, Pairs: g.Count()))
            .OrderByDescending(g => g.Pairs)
            .ThenBy(g => g.Reason)
            .ToList();
        int total = gaps.Sum(g => g.Pairs);
        return total > 0 && total >= DataGapShare * inMajority
            ? string.Join("; and ", gaps.Select(g => Message(g.Reason, majority, g.Pairs, rule)))
            : null;
    }

    /// <summary>"by reason: 900 declined (false), 80 too_few_sessions (false)", for a refusal the data does not explain.</summary>
    public static string Breakdown(IEnumerable<LabelledPair> rows)
    {
        var parts = rows.Where(r => r.Reason is not null)
            .GroupBy(r => (r.Reason!.Value, r.Label))
            .OrderByDescending(g => g.Count())
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.Value.RecordName} ({(g.Key.Label ? "positive" : "negative")})"));
        return "by reason: " + string.Join(", ", parts);
    }

    private static string Message(LabelReason reason, bool label, int n, LabelSpec rule)
    {
        string counted = "counted as " + Outcome(rule, label);
        string text = reason switch
        {
            LabelReason.Declined => $"{n} declined matches",
            LabelReason.CompletedWithoutSessions => $"{n} completed pairs have no session rows",
            LabelReason.NoSessions => $"{n} accepted pairs have no session rows",
            LabelReason.TooFewSessions when rule is PairSuccessLabel s => $"{n} pairs held fewer than {s.MinSessions} sessions within {s.WithinDays} days",
            LabelReason.EnoughSessions when rule is PairSuccessLabel s => $"{n} pairs held at least {s.MinSessions} sessions within {s.WithinDays} days",
            LabelReason.Satisfied when rule is PairSuccessLabel s => $"{n} pairs held enough sessions and mentee_satisfaction was at least {s.MinMenteeSatisfaction}",
            LabelReason.Unsatisfied when rule is PairSuccessLabel s => $"{n} pairs held enough sessions but mentee_satisfaction was below {s.MinMenteeSatisfaction}",
            LabelReason.Dropped => $"{n} pairs ended as mentee_dropped or mentor_dropped",
            LabelReason.Rematched => $"{n} pairs ended as rematched",
            LabelReason.QuietBeforeEnd when rule is DropoutLabel d => $"{n} pairs had no session in the {d.NoSessionDays} days before they ended",
            LabelReason.ActiveBeforeEnd when rule is DropoutLabel d => $"{n} pairs had a session in the {d.NoSessionDays} days before they ended",
            _ => $"{n} pairs: {reason.RecordName}",
        };
        string hint = reason.SuggestsMissingData ? "; is the sessions export complete?" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{text}: {counted}{hint}");
    }

    private static string Message(LabelExclusion reason, int n) => reason switch
    {
        LabelExclusion.NotAccepted => $"{n} declined matches: left out, there was no mentoring to drop out of",
        LabelExclusion.EndedByCutoff => $"{n} pairs had ended by the cut-off: left out, nothing was left to predict",
        LabelExclusion.NotEnded => $"{n} pairs are still running: left out until they end",
        LabelExclusion.WindowOpen => $"{n} pairs have too few sessions so far but their window is still open: left out until it closes",
        LabelExclusion.NoOutcome => $"{n} pairs held enough sessions but have no outcomes row: left out; is the outcomes export complete?",
        LabelExclusion.NoMenteeSatisfaction => $"{n} pairs have an outcomes row without mentee_satisfaction: left out",
        _ => $"{n} pairs: left out ({reason.RecordName})",
    };

    private static string Outcome(LabelSpec rule, bool label) => (rule, label) switch
    {
        (DropoutLabel, true) => "dropped out",
        (DropoutLabel, false) => "stayed",
        (_, true) => "succeeded",
        _ => "not succeeded",
    };
}

using System.Globalization;
using MatchModels.Core.History;

namespace MatchModels.Training.Pipelines;

/// <summary>Why a pair gives no training row; run records count pairs by reason.</summary>
public enum LabelExclusion
{
    /// <summary>Drop-out: the match was declined, so there was no mentoring to drop out of.</summary>
    NotAccepted,

    /// <summary>Drop-out: the pair had already ended at the cut-off, so there is nothing left to predict.</summary>
    EndedByCutoff,

    /// <summary>Drop-out: the pair is still running in the data, so how it ends is not known yet.</summary>
    NotEnded,

    /// <summary>Pair-success: fewer than min_sessions so far, but the within_days window is still open.</summary>
    WindowOpen,

    /// <summary>Pair-success: the pair met the session count but has no outcome survey yet.</summary>
    NoOutcome,

    /// <summary>Pair-success: the outcome survey did not record mentee_satisfaction.</summary>
    NoMenteeSatisfaction,
}

public static class LabelExclusionNames
{
    private static readonly YamlNames<LabelExclusion> s_names = new(
        (LabelExclusion.NotAccepted, "not_accepted"),
        (LabelExclusion.EndedByCutoff, "ended_by_cutoff"),
        (LabelExclusion.NotEnded, "not_ended"),
        (LabelExclusion.WindowOpen, "window_open"),
        (LabelExclusion.NoOutcome, "no_outcome"),
        (LabelExclusion.NoMenteeSatisfaction, "no_mentee_satisfaction"));

    public static IReadOnlyList<string> All => s_names.Names;

    extension(LabelExclusion reason)
    {
        /// <summary>As run records spell it: not_accepted, ended_by_cutoff, not_ended, window_open, no_outcome, no_mentee_satisfaction.</summary>
        public string RecordName => s_names.Of(reason);
    }
}

/// <summary>
/// What the label rule says of one pair: a label and the branch that gave it (<see cref="Reason"/>), or why there is
/// none (<see cref="Excluded"/>).
/// </summary>
public sealed record LabelDecision(Pair Pair, bool? Label, LabelExclusion? Excluded, LabelReason? Reason = null);

/// <summary>A training row: a pair, its known label and the branch of the rule that gave it.</summary>
public sealed record LabelledPair(Pair Pair, bool Label, LabelReason? Reason = null);

/// <summary>The labelled rows of a set of pairs and, for the run record, how many pairs were left out and why.</summary>
/// <param name="Rows">The pairs with a known label, in the order they were given.</param>
/// <param name="Excluded">Pairs left out, by reason; reasons with no pair are absent.</param>
/// <param name="AsOf">The instant the labels were decided at: the latest timestamp of the history.</param>
public sealed record LabelledPairs(IReadOnlyList<LabelledPair> Rows, IReadOnlyDictionary<LabelExclusion, int> Excluded, DateTime AsOf)
{
    public int Positives => Rows.Count(r => r.Label);

    public int Negatives => Rows.Count - Positives;

    public int ExcludedTotal => Excluded.Values.Sum();

    /// <summary>One line for a run record: "120 labelled (31 positive, 89 negative); 14 excluded: 9 not_ended, 5 ended_by_cutoff; as of 2024-06-30T00:00:00Z".</summary>
    public string Summary()
    {
        string rows = $"{Rows.Count} labelled ({Positives} positive, {Negatives} negative)";
        string excluded = ExcludedTotal == 0
            ? "none excluded"
            : $"{ExcludedTotal} excluded: " + string.Join(", ", Excluded.OrderBy(e => e.Key).Select(e => $"{e.Value} {e.Key.RecordName}"));
        return $"{rows}; {excluded}; as of {AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
    }
}

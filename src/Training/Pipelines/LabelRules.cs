using MatchModels.Core.History;

namespace MatchModels.Training.Pipelines;

/// <summary>
/// Applies a pipeline's label rule to the pairs of a history, as the data stands at <see cref="AsOf"/> (its latest
/// timestamp). A label that later data could still change is unknown (null) and its pair is excluded with a reason,
/// so a model never learns "failed" from a pair that simply has not finished yet.
/// </summary>
public sealed class LabelRules
{
    private readonly LabelSpec _label;
    private readonly int _cutoffDays;
    private readonly Dictionary<string, Session[]> _sessionsByPair;
    private readonly Dictionary<string, Outcome> _outcomeByPair;

    /// <summary>The rule of <paramref name="spec"/>, decided as of the latest timestamp in <paramref name="history"/>.</summary>
    public LabelRules(PipelineSpec spec, ProgrammeHistory history)
        : this(spec.Label, spec.CutoffDays, history, DataAsOf(history))
    {
    }

    /// <param name="label">The rule.</param>
    /// <param name="cutoffDays">Days from matched_at to the prediction cut-off; drop-out rows must still be running then.</param>
    /// <param name="history">The data; indexed once here.</param>
    /// <param name="asOf">The instant the data stands at: what has not happened by then is unknown.</param>
    public LabelRules(LabelSpec label, int cutoffDays, ProgrammeHistory history, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(cutoffDays);
        _label = label;
        _cutoffDays = cutoffDays;
        History = history;
        AsOf = asOf;
        _sessionsByPair = history.Sessions
            .GroupBy(s => s.PairId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.HeldAt).ToArray(), StringComparer.Ordinal);
        _outcomeByPair = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (Outcome o in history.Outcomes)
        {
            // Validation keeps one outcome per pair; should a second slip through, the first one counts.
            _outcomeByPair.TryAdd(o.PairId, o);
        }
    }

    public ProgrammeHistory History { get; }

    public DateTime AsOf { get; }

    /// <summary>The latest timestamp anywhere in the history: when the data was, in effect, extracted.</summary>
    public static DateTime DataAsOf(ProgrammeHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        IEnumerable<DateTime> all = history.Participants.Select(p => p.JoinedAt)
            .Concat(history.Pairs.Select(p => p.MatchedAt))
            .Concat(history.Pairs.Select(p => p.EndedAt).OfType<DateTime>())
            .Concat(history.Sessions.Select(s => s.HeldAt))
            .Concat(history.Outcomes.Select(o => o.SurveyedAt));
        return all.DefaultIfEmpty(DateTime.MinValue).Max();
    }

    /// <summary>
    /// Why the history cannot support this rule at all, one message per missing input; empty when it can. A rule
    /// whose inputs are missing would label every pair the same way, which trains nothing.
    /// </summary>
    public static IReadOnlyList<string> MissingInputs(LabelSpec label, ProgrammeHistory history)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(history);
        var missing = new List<string>();
        if (history.Pairs.Count == 0)
        {
            missing.Add("label rule needs pairs but pairs is empty");
        }

        switch (label)
        {
            case PairSuccessLabel rule:
                if (rule.MinSessions > 0 && history.Sessions.Count == 0)
                {
                    missing.Add($"label rule needs sessions (min_sessions: {rule.MinSessions}) but sessions is empty");
                }

                if (rule.MinMenteeSatisfaction is not null && history.Outcomes.Count == 0)
                {
                    missing.Add("label rule needs outcomes.mentee_satisfaction but outcomes is empty");
                }
                else if (rule.MinMenteeSatisfaction is not null && history.Outcomes.All(o => o.MenteeSatisfaction is null))
                {
                    missing.Add("label rule needs outcomes.mentee_satisfaction but no outcomes row has one");
                }

                break;
            case DropoutLabel rule:
                if (history.Pairs.Count > 0 && history.Pairs.All(p => p.EndedAt is null))
                {
                    missing.Add("label rule needs pairs.ended_at but no pair has ended");
                }

                if (history.Sessions.Count == 0)
                {
                    missing.Add($"label rule needs sessions (no_session_days: {rule.NoSessionDays}) but sessions is empty");
                }

                break;
        }

        return missing;
    }

    /// <summary>The label of <paramref name="pair"/>, or null when it is excluded (see <see cref="Decide"/> for why).</summary>
    public bool? Label(Pair pair) => Decide(pair).Label;

    /// <summary>
    /// Whether <paramref name="pair"/> is a row of this task at all, whatever its label: every pair for pair-success
    /// (a declined match is a failed one); for drop-out, an accepted pair still running at the cut-off.
    /// </summary>
    public bool IsEligible(Pair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return _label is not DropoutLabel || (pair.Accepted && !EndedByCutoff(pair));
    }

    public LabelDecision Decide(Pair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return _label switch
        {
            PairSuccessLabel rule => DecideSuccess(pair, rule),
            DropoutLabel rule => DecideDropout(pair, rule),
            _ => throw new InvalidOperationException($"no rule for label {_label.GetType().Name}"),
        };
    }

    /// <summary>Every pair of the history.</summary>
    public LabelledPairs Apply() => Apply(History.Pairs);

    public LabelledPairs Apply(IEnumerable<Pair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = new List<LabelledPair>();
        var excluded = new SortedDictionary<LabelExclusion, int>();
        foreach (Pair pair in pairs)
        {
            LabelDecision d = Decide(pair);
            if (d.Label is { } label)
            {
                rows.Add(new LabelledPair(pair, label, d.Reason));
            }
            else
            {
                LabelExclusion reason = d.Excluded!.Value;
                excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
            }
        }

        return new LabelledPairs(rows, excluded, AsOf);
    }

    private LabelDecision DecideSuccess(Pair pair, PairSuccessLabel rule)
    {
        if (!pair.Accepted)
        {
            return Known(pair, false, LabelReason.Declined);
        }

        DateTime windowEnd = pair.MatchedAt.AddDays(rule.WithinDays);
        int held = Sessions(pair).Count(s => s.HeldAt >= pair.MatchedAt && s.HeldAt <= windowEnd);
        if (held < rule.MinSessions)
        {
            // More sessions can still come while the window is open and the pair has not ended; once either
            // closes, the count is final.
            bool final = AsOf >= windowEnd || pair.EndedAt is not null;
            LabelReason why = Sessions(pair).Length > 0 ? LabelReason.TooFewSessions
                : pair.EndReason == EndReason.Completed ? LabelReason.CompletedWithoutSessions
                : LabelReason.NoSessions;
            return final ? Known(pair, false, why) : Unknown(pair, LabelExclusion.WindowOpen);
        }

        if (rule.MinMenteeSatisfaction is not { } minimum)
        {
            return Known(pair, true, LabelReason.EnoughSessions);
        }

        if (!_outcomeByPair.TryGetValue(pair.PairId, out Outcome? outcome))
        {
            return Unknown(pair, LabelExclusion.NoOutcome);
        }

        return outcome.MenteeSatisfaction is { } satisfaction
            ? Known(pair, satisfaction >= minimum, satisfaction >= minimum ? LabelReason.Satisfied : LabelReason.Unsatisfied)
            : Unknown(pair, LabelExclusion.NoMenteeSatisfaction);
    }

    private LabelDecision DecideDropout(Pair pair, DropoutLabel rule)
    {
        if (!pair.Accepted)
        {
            return Unknown(pair, LabelExclusion.NotAccepted);
        }

        if (EndedByCutoff(pair))
        {
            return Unknown(pair, LabelExclusion.EndedByCutoff);
        }

        if (pair.EndedAt is not { } ended)
        {
            return Unknown(pair, LabelExclusion.NotEnded);
        }

        switch (pair.EndReason)
        {
            case EndReason.MenteeDropped or EndReason.MentorDropped:
                return Known(pair, true, LabelReason.Dropped);
            case EndReason.Rematched:
                // A rematch moves the mentee to another mentor: the programme kept them, so it is not a drop-out.
                return Known(pair, false, LabelReason.Rematched);
            default:
                // Any other ending after a silence of no_session_days had in effect happened before it was recorded.
                DateTime quietFrom = ended.AddDays(-rule.NoSessionDays);
                bool quiet = !Sessions(pair).Any(s => s.HeldAt >= quietFrom && s.HeldAt <= ended);
                LabelReason why = !quiet ? LabelReason.ActiveBeforeEnd
                    : Sessions(pair).Length == 0 && pair.EndReason == EndReason.Completed ? LabelReason.CompletedWithoutSessions
                    : LabelReason.QuietBeforeEnd;
                return Known(pair, quiet, why);
        }
    }

    /// <summary>Ended at or before the cut-off: the end was already visible when the features were taken.</summary>
    private bool EndedByCutoff(Pair pair) => pair.EndedAt is { } ended && ended <= pair.MatchedAt.AddDays(_cutoffDays);

    private Session[] Sessions(Pair pair) => _sessionsByPair.GetValueOrDefault(pair.PairId, []);

    private static LabelDecision Known(Pair pair, bool label, LabelReason reason) => new(pair, label, null, reason);

    private static LabelDecision Unknown(Pair pair, LabelExclusion reason) => new(pair, null, reason);
}

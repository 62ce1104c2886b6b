using System.Globalization;
using MatchModels.Core.History;

namespace MatchModels.Core.Validation;

/// <summary>
/// Checks that span rows and tables: duplicate keys, dangling references, roles, time order, consistency
/// between columns, and mentor capacity over overlapping accepted pairs.
/// </summary>
public static class HistoryChecks
{
    public static void Run(ProgrammeHistory h, IReadOnlyDictionary<string, string> fileOf, ProblemList problems)
    {
        string pf = fileOf["participants"], rf = fileOf["pairs"], sf = fileOf["sessions"], of = fileOf.GetValueOrDefault("outcomes", "outcomes");

        var people = new Dictionary<string, Participant>(h.Participants.Count, StringComparer.Ordinal);
        for (int i = 0; i < h.Participants.Count; i++)
        {
            Participant p = h.Participants[i];
            if (!people.TryAdd(p.ParticipantId, p))
            {
                problems.Add(ProblemKind.DuplicateKey, pf, i + 1, "participant_id", "a unique participant_id", Q(p.ParticipantId));
            }
        }

        for (int i = 0; i < h.Participants.Count; i++)
        {
            Participant p = h.Participants[i];
            if (p.ManagerId is { } m && !people.ContainsKey(m))
            {
                problems.Add(ProblemKind.DanglingReference, pf, i + 1, "manager_id", "a participant_id of participants", Q(m));
            }
        }

        var pairs = new Dictionary<string, Pair>(h.Pairs.Count, StringComparer.Ordinal);
        for (int i = 0; i < h.Pairs.Count; i++)
        {
            Pair pair = h.Pairs[i];
            long row = i + 1;
            if (!pairs.TryAdd(pair.PairId, pair))
            {
                problems.Add(ProblemKind.DuplicateKey, rf, row, "pair_id", "a unique pair_id", Q(pair.PairId));
            }

            CheckMember(pair.MenteeId, "mentee_id", Role.Mentee, pair, row);
            CheckMember(pair.MentorId, "mentor_id", Role.Mentor, pair, row);
            if (pair.EndedAt is { } ended && ended < pair.MatchedAt)
            {
                problems.Add(ProblemKind.TimeOrder, rf, row, "ended_at", $"at or after matched_at {T(pair.MatchedAt)}", T(ended));
            }

            if (pair.EndedAt.HasValue != pair.EndReason.HasValue)
            {
                problems.Add(ProblemKind.Inconsistent, rf, row, "end_reason", "end_reason set exactly when ended_at is set",
                    pair.EndedAt.HasValue ? "ended_at without end_reason" : "end_reason without ended_at");
            }
        }

        void CheckMember(string id, string column, Role role, Pair pair, long row)
        {
            if (!people.TryGetValue(id, out Participant? p))
            {
                problems.Add(ProblemKind.DanglingReference, rf, row, column, "a participant_id of participants", Q(id));
            }
            else if (p.Role != role)
            {
                problems.Add(ProblemKind.WrongRole, rf, row, column, $"a participant whose role is {EnumNames.Of(role)}", $"{Q(id)} with role {EnumNames.Of(p.Role)}");
            }
            else if (pair.MatchedAt < p.JoinedAt)
            {
                problems.Add(ProblemKind.TimeOrder, rf, row, "matched_at", $"at or after {column.Replace("_id", string.Empty, StringComparison.Ordinal)} joined_at {T(p.JoinedAt)}", T(pair.MatchedAt));
            }
        }

        // Sessions are by far the largest table and need only the pairs: check them on another core meanwhile.
        var sessionProblems = new ProblemList();
        Task sessions = Task.Run(() => CheckSessions(h, sf, sessionProblems));
        var rest = new ProblemList();
        var outcomeKeys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < h.Outcomes.Count; i++)
        {
            Outcome o = h.Outcomes[i];
            long row = i + 1;
            if (!outcomeKeys.Add(o.PairId))
            {
                rest.Add(ProblemKind.DuplicateKey, of, row, "pair_id", "one outcome per pair", Q(o.PairId));
            }

            if (!pairs.TryGetValue(o.PairId, out Pair? pair))
            {
                rest.Add(ProblemKind.DanglingReference, of, row, "pair_id", "a pair_id of pairs", Q(o.PairId));
            }
            else if (o.SurveyedAt < pair.MatchedAt)
            {
                rest.Add(ProblemKind.TimeOrder, of, row, "surveyed_at", $"at or after the pair's matched_at {T(pair.MatchedAt)}", T(o.SurveyedAt));
            }

            if (o.GoalsAchieved is { } achieved && o.GoalsSet is { } set && achieved > set)
            {
                rest.Add(ProblemKind.Inconsistent, of, row, "goals_achieved", $"at most goals_set ({set})", achieved.ToString(CultureInfo.InvariantCulture));
            }
        }

        CheckCapacity(h, people, rf, rest);
        sessions.Wait();
        problems.AddRange(sessionProblems);
        problems.AddRange(rest);
    }

    private static void CheckSessions(ProgrammeHistory h, string sf, ProblemList problems)
    {
        // A million sessions: look each pair up once per run of consecutive rows (a pair's sessions usually sit
        // together, in time order), and look for duplicate times only among the pairs whose rows are scattered
        // or out of order; a contiguous, strictly increasing run cannot hold a duplicate.
        var pairIndex = new Dictionary<string, int>(h.Pairs.Count, StringComparer.Ordinal);
        for (int i = 0; i < h.Pairs.Count; i++)
        {
            pairIndex.TryAdd(h.Pairs[i].PairId, i);
        }

        var seen = new bool[h.Pairs.Count];
        var suspect = new bool[h.Pairs.Count];
        bool anySuspect = false;
        string? lastId = null;
        int lastIndex = -1;
        long lastTicks = 0;
        for (int i = 0; i < h.Sessions.Count; i++)
        {
            Session s = h.Sessions[i];
            long row = i + 1;
            if (!string.Equals(s.PairId, lastId, StringComparison.Ordinal))
            {
                lastId = s.PairId;
                lastIndex = pairIndex.TryGetValue(s.PairId, out int k) ? k : -1;
                if (lastIndex >= 0 && seen[lastIndex])
                {
                    suspect[lastIndex] = anySuspect = true;
                }
            }
            else if (lastIndex >= 0 && s.HeldAt.Ticks <= lastTicks)
            {
                suspect[lastIndex] = anySuspect = true;
            }

            lastTicks = s.HeldAt.Ticks;
            if (lastIndex < 0)
            {
                anySuspect = true;
                problems.Add(ProblemKind.DanglingReference, sf, row, "pair_id", "a pair_id of pairs", Q(s.PairId));
                continue;
            }

            seen[lastIndex] = true;
            Pair pair = h.Pairs[lastIndex];
            if (s.HeldAt < pair.MatchedAt)
            {
                problems.Add(ProblemKind.TimeOrder, sf, row, "held_at", $"at or after the pair's matched_at {T(pair.MatchedAt)}", T(s.HeldAt));
            }
            else if (pair.EndedAt is { } ended && s.HeldAt > ended)
            {
                problems.Add(ProblemKind.TimeOrder, sf, row, "held_at", $"at or before the pair's ended_at {T(ended)}", T(s.HeldAt));
            }
        }

        if (!anySuspect)
        {
            return;
        }

        var keys = new HashSet<(string Pair, long Ticks)>();
        lastId = null;
        bool check = false;
        for (int i = 0; i < h.Sessions.Count; i++)
        {
            Session s = h.Sessions[i];
            if (!string.Equals(s.PairId, lastId, StringComparison.Ordinal))
            {
                lastId = s.PairId;
                check = !pairIndex.TryGetValue(s.PairId, out int k) || suspect[k];
            }

            if (check && !keys.Add((s.PairId, s.HeldAt.Ticks)))
            {
                problems.Add(ProblemKind.DuplicateKey, sf, i + 1, "pair_id, held_at", "one session per pair and time", $"{Q(s.PairId)} at {T(s.HeldAt)} again");
            }
        }
    }

    /// <summary>
    /// A mentor may run at most mentor_capacity accepted pairs at any instant. Sweeps each mentor's
    /// intervals [matched_at, ended_at) in time order and reports the pair whose start exceeds it.
    /// </summary>
    private static void CheckCapacity(ProgrammeHistory h, Dictionary<string, Participant> people, string file, ProblemList problems)
    {
        var byMentor = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < h.Pairs.Count; i++)
        {
            Pair p = h.Pairs[i];

            // A mentor_id that dangles or names a mentee is reported once, as such, not again as a capacity of 0.
            if (p.Accepted && people.TryGetValue(p.MentorId, out Participant? mentor) && mentor.Role == Role.Mentor)
            {
                if (!byMentor.TryGetValue(p.MentorId, out List<int>? list))
                {
                    byMentor[p.MentorId] = list = [];
                }

                list.Add(i);
            }
        }

        foreach ((string mentorId, List<int> rows) in byMentor)
        {
            // A capacity the history does not state (column absent, empty cell) is not checked: nothing says it is exceeded.
            if (people[mentorId].MentorCapacity is not { } capacity)
            {
                continue;
            }

            rows.Sort((a, b) => h.Pairs[a].MatchedAt.CompareTo(h.Pairs[b].MatchedAt));
            var active = new PriorityQueue<int, DateTime>();
            foreach (int i in rows)
            {
                Pair p = h.Pairs[i];
                while (active.TryPeek(out _, out DateTime end) && end <= p.MatchedAt)
                {
                    active.Dequeue();
                }

                active.Enqueue(i, p.EndedAt ?? DateTime.MaxValue);
                if (active.Count > capacity)
                {
                    problems.Add(ProblemKind.OverCapacity, file, i + 1, "mentor_id",
                        $"at most {capacity} accepted pair(s) running at once for mentor {Q(mentorId)}",
                        $"{active.Count} running at {T(p.MatchedAt)}");
                }
            }
        }
    }

    private static string Q(string s) => $"\"{s}\"";

    private static string T(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

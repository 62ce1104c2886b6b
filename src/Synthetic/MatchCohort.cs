namespace MatchModels.Synthetic;

/// <summary>
/// Assigns each mentee of a cohort one mentor with free capacity, the way a programme team with a simple tool
/// would: look at a handful of randomly drawn mentors and usually take the one with a shared language and the
/// most topic and skill overlap, but not always. The noise keeps the true success probabilities spread out.
/// Cost is O(mentees × candidates): the free mentors are sampled, never scanned.
/// </summary>
internal static class MatchCohort
{
    /// <summary>Mentors drawn (with replacement) from those with free capacity, per mentee.</summary>
    public const int Candidates = 5;

    /// <summary>P(the mentee's own manager joins the candidates when free): people often ask for someone they know.</summary>
    public const double ManagerAsCandidate = 0.5;

    /// <summary>P(take the first candidate as is, e.g. a self-selected or hurried match).</summary>
    public const double TakeFirstCandidate = 0.25;

    /// <summary>Scale of the Gumbel noise added to the preference score (a softmax choice with this temperature).</summary>
    public const double PreferenceNoise = 0.7;

    /// <returns>The mentor index for each mentee, in the order of <paramref name="mentees"/>.</returns>
    /// <param name="rng">The generator's one random stream.</param>
    /// <param name="mentees">The cohort's mentees.</param>
    /// <param name="freeMentors">Indices of the active mentors with free slots; each one's <see cref="DraftParticipant.FreePosition"/> is its position here.</param>
    /// <param name="people">Every participant so far, by index.</param>
    public static int[] Run(Random rng, IReadOnlyList<DraftParticipant> mentees, List<int> freeMentors, IReadOnlyList<DraftParticipant> people)
    {
        var order = new int[mentees.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        rng.Shuffle(order);
        var mentorOf = new int[mentees.Count];
        var candidates = new List<int>(Candidates + 1);
        foreach (int i in order)
        {
            if (freeMentors.Count == 0)
            {
                throw new InvalidOperationException("no mentor with free capacity is left; the cohort's slots were counted wrongly");
            }

            DraftParticipant mentee = mentees[i];
            candidates.Clear();
            for (int k = 0; k < Candidates; k++)
            {
                candidates.Add(rng.Next(freeMentors.Count));
            }

            if (mentee.Manager >= 0 && people[mentee.Manager] is { Active: true, FreeSlots: > 0 } && rng.Chance(ManagerAsCandidate))
            {
                candidates.Add(people[mentee.Manager].FreePosition);
            }

            int chosen = rng.Chance(TakeFirstCandidate) ? candidates[0] : MostPreferred(rng, mentee, candidates, freeMentors, people);
            DraftParticipant mentor = people[freeMentors[chosen]];
            mentorOf[i] = mentor.Index;
            mentor.AssignedThisCohort++;
            if (--mentor.FreeSlots == 0)
            {
                // Swap-remove keeps this O(1); the order it leaves is still a function of the seed alone.
                int last = freeMentors[^1];
                freeMentors[chosen] = last;
                people[last].FreePosition = chosen;
                freeMentors.RemoveAt(freeMentors.Count - 1);
                mentor.FreePosition = -1;
            }
        }

        return mentorOf;
    }

    /// <summary>
    /// The candidate (a position in <paramref name="freeMentors"/>) with the highest
    /// 2·[shared language] + 1.5·affinity + 1·Jaccard − 0.08·tz gap + 0.4·[level gap 2–4] + noise.
    /// The tool knows nothing of reporting lines, load or availability.
    /// </summary>
    private static int MostPreferred(Random rng, DraftParticipant mentee, List<int> candidates, List<int> freeMentors, IReadOnlyList<DraftParticipant> people)
    {
        int best = candidates[0];
        double bestScore = double.NegativeInfinity;
        foreach (int c in candidates)
        {
            PairObservables x = ObservePair.Between(mentee, people[freeMentors[c]], 0, people);
            double score = (x.SharedLanguage ? 2.0 : 0.0)
                + (1.5 * x.GoalsAffinity)
                + (1.0 * x.SkillJaccard)
                - (0.08 * x.TimezoneGapH)
                + (x.LevelGap is >= 2 and <= 4 ? 0.4 : 0.0)
                + (PreferenceNoise * rng.Gumbel());
            if (score > bestScore)
            {
                best = c;
                bestScore = score;
            }
        }

        return best;
    }
}

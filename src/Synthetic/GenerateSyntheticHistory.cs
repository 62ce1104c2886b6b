using System.Globalization;
using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Synthetic;

/// <summary>
/// Generates a seeded synthetic programme history with the exact truth of every pair
/// (docs/synthetic-data.md). Pure: the only randomness is <c>new Random(options.Seed)</c>, consumed in an
/// order fixed by the code, and nothing is ever read from a hash-ordered collection, so the same options give
/// the same history on any machine and in any process.
/// </summary>
public static class GenerateSyntheticHistory
{
    /// <summary>P(a mentor recruited earlier is open to new mentees at a later cohort).</summary>
    private const double MentorReturns = 0.85;

    /// <summary>Free mentor slots a cohort aims for per mentee before recruiting stops, so that matching has a choice.</summary>
    private const double SlotsPerMentee = 1.5;

    /// <summary>P(a mentee's manager is a mentor of the same department) and P(a mentor's manager is a more senior mentor).</summary>
    private const double MenteeHasManager = 0.30;
    private const double MentorHasManager = 0.35;

    /// <summary>Covariate drift: share of mentees from the new sites in the k-th drifted cohort is min(cap, first + step·k); mentors get half.</summary>
    private const double NewSiteShareFirst = 0.20;
    private const double NewSiteShareStep = 0.15;
    private const double NewSiteShareCap = 0.60;

    private static readonly double[] s_matchSources = [0.30, 0.50, 0.20];

    public static SyntheticHistory Run(SyntheticOptions o) => RunWithLatents(o).History;

    /// <summary>As <see cref="Run"/>, also returning the latent draws of each pair (for tests).</summary>
    internal static (SyntheticHistory History, IReadOnlyList<PairLatents> Latents) RunWithLatents(SyntheticOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        var calendar = SyntheticCalendar.For(o);
        DriftSpec drift = o.EffectiveDrift;
        var rng = new Random(o.Seed);
        Random? extraRng = o.ExtraColumns ? new Random(ExtraColumns.StreamSeed(o.Seed)) : null;

        // Pseudonymous ids: a shuffled number, so that an id says nothing about role, cohort or order.
        int total = o.Mentees + o.Mentors;
        var idNumbers = new int[total];
        for (int i = 0; i < total; i++)
        {
            idNumbers[i] = i;
        }

        rng.Shuffle(idNumbers);
        string idFormat = "D" + Math.Max(6, Digits(total - 1)).ToString(CultureInfo.InvariantCulture);
        string[] ids = idNumbers.Select(n => "P" + n.ToString(idFormat, CultureInfo.InvariantCulture)).ToArray();
        string pairFormat = "D" + Math.Max(6, Digits(o.Mentees)).ToString(CultureInfo.InvariantCulture);

        var people = new List<DraftParticipant>(total);
        var mentors = new List<DraftParticipant>(o.Mentors);
        var managers = new ManagerPool(Departments.All.Count);
        var pairs = new List<Pair>(o.Mentees);
        var truth = new List<TruthRow>(o.Mentees);
        var sessions = new List<Session>(o.Mentees * 12);
        var outcomes = new List<Outcome>(o.Mentees);
        var latents = new List<PairLatents>(o.Mentees);
        var pairCohorts = new List<int>(o.Mentees);
        string[] cohortIds = calendar.CohortStarts.Select((t, c) => SyntheticCalendar.CohortId(c, t)).ToArray();

        for (int c = 0; c < o.Cohorts; c++)
        {
            DateTime start = calendar.CohortStarts[c];
            int menteeCount = (o.Mentees / o.Cohorts) + (c < o.Mentees % o.Cohorts ? 1 : 0);
            (DrawParticipant.Population menteePopulation, DrawParticipant.Population mentorPopulation) = PopulationsOf(c, calendar, drift);

            int freeSlots = OpenReturningMentors(rng, mentors, pairs, start);
            freeSlots += RecruitMentors(rng, extraRng, o, c, start, menteeCount, freeSlots, mentorPopulation, people, mentors, managers);
            freeSlots += ReopenMentors(mentors, menteeCount - freeSlots);
            if (freeSlots < menteeCount)
            {
                throw new InvalidOperationException(
                    $"{o.Mentors} mentors cannot take the {menteeCount} mentees of cohort {cohortIds[c]}: only {freeSlots} mentor slots are free " +
                    $"on {start:yyyy-MM-dd} (capacity 1-4 each, pairs run about six months); raise Mentors or lower Mentees");
            }

            var mentees = new List<DraftParticipant>(menteeCount);
            for (int i = 0; i < menteeCount; i++)
            {
                DateTime joined = start - TimeSpan.FromSeconds(rng.SecondsBetween(3 * DrawPairOutcome.Day, 21 * DrawPairOutcome.Day));
                DraftParticipant mentee = DrawParticipant.Draw(rng, o.Phrases, people.Count, Role.Mentee, c, joined, menteePopulation);
                mentee.Extra = extraRng is null ? null : ExtraColumns.Draw(extraRng, Role.Mentee);
                if (rng.Chance(MenteeHasManager))
                {
                    mentee.Manager = managers.PickAbove(rng, mentee.Department, mentee.JobLevel);
                }

                people.Add(mentee);
                mentees.Add(mentee);
            }

            var free = new List<int>();
            foreach (DraftParticipant m in mentors)
            {
                if (m.Active && m.FreeSlots > 0)
                {
                    m.FreePosition = free.Count;
                    free.Add(m.Index);
                }
            }

            int[] mentorOf = MatchCohort.Run(rng, mentees, free, people);
            SuccessCoefficients coefficients = drift.ShiftsConcept && calendar.AfterChange(start)
                ? drift.ConceptAfterChange
                : SuccessCoefficients.Baseline;
            for (int i = 0; i < mentees.Count; i++)
            {
                DraftParticipant mentee = mentees[i], mentor = people[mentorOf[i]];
                int load = mentor.AssignedThisCohort - 1 + mentor.RunningEarlierPairs;
                PairObservables x = ObservePair.Between(mentee, mentor, load, people);
                (double extraSuccess, double extraDropout) = mentee.Extra is { } a && mentor.Extra is { } b
                    ? (ExtraColumns.SuccessLogit(a, b, ExtraColumnCoefficients.Baseline), ExtraColumns.DropoutLogit(a, ExtraColumnCoefficients.Baseline))
                    : (0.0, 0.0);
                double pSuccess = GroundTruth.SuccessProbability(x, coefficients, extraSuccess);
                double dropoutRate = GroundTruth.DropoutRate(x, DropoutCoefficients.Baseline, extraDropout);
                string pairId = "pair-" + (pairs.Count + 1).ToString(pairFormat, CultureInfo.InvariantCulture);
                var source = (MatchSource)rng.PickIndex(s_matchSources);
                DrawPairOutcome.Result r = DrawPairOutcome.Run(rng, pairId, start, o.DropoutHorizonDays, pSuccess, dropoutRate, sessions, outcomes, o.SuccessfulMeetingGapDays);
                mentor.Pairs.Add(pairs.Count);
                pairCohorts.Add(c);
                pairs.Add(new Pair(pairId, o.ProgrammeId, cohortIds[c], Id(mentee), Id(mentor), start, source, r.Accepted, r.EndedAt, r.EndReason));
                truth.Add(new TruthRow(pairId, pSuccess, r.PDropout));
                latents.Add(new PairLatents(pairId, r.Success, r.DroppedOut));
            }
        }

        var participants = new Participant[people.Count];
        foreach (DraftParticipant p in people)
        {
            // A mentor joins at the first cohort they serve: one recruited for a cohort but first matched later
            // joined that later cohort, the same lead time before its start. Those never matched stay in the pool.
            int joinedCohort = p.Pairs.Count > 0 ? pairCohorts[p.Pairs[0]] : p.Cohort;
            DateTime joinedAt = p.JoinedAt + (calendar.CohortStarts[joinedCohort] - calendar.CohortStarts[p.Cohort]);
            participants[p.Index] = new Participant(
                Id(p), o.ProgrammeId, cohortIds[joinedCohort], p.Role, joinedAt, Departments.All[p.Department].Name, p.Site.Name,
                p.Site.TimezoneOffsetH, p.JobLevel, p.TenureYears, p.Manager >= 0 ? Id(people[p.Manager]) : null, p.Languages, p.Skills,
                p.GoalsText, p.AvailabilityHPerMonth, p.MentorCapacity, p.Gender, p.AgeBand);
        }

        IReadOnlyList<TableColumn>? extra = o.ExtraColumns ? ExtraColumns.ToColumns([.. people.Select(p => p.Extra!)]) : null;
        return (new SyntheticHistory(new ProgrammeHistory(participants, pairs, sessions, outcomes), truth) { ExtraParticipantColumns = extra }, latents);

        string Id(DraftParticipant p) => ids[p.Index];
    }

    /// <summary>Who joins at cohort <paramref name="c"/>: under covariate drift, more and more people from the new sites, and more junior mentees; under profile drift, mentees with the shifted profile.</summary>
    private static (DrawParticipant.Population Mentees, DrawParticipant.Population Mentors) PopulationsOf(int c, SyntheticCalendar calendar, DriftSpec drift)
    {
        if (c < calendar.FirstDriftedCohort || !(drift.ShiftsCovariates || drift.ShiftsMenteeProfiles))
        {
            return (new(0, false), new(0, false));
        }

        if (drift.ShiftsMenteeProfiles)
        {
            return (new(0, false, ShiftedProfiles: true), new(0, false));
        }

        double share = Math.Min(NewSiteShareCap, NewSiteShareFirst + (NewSiteShareStep * (c - calendar.FirstDriftedCohort)));
        return (new(share, true), new(share / 2, false));
    }

    /// <summary>
    /// Resets the per-cohort state of every recruited mentor: free slots are the capacity minus the accepted pairs
    /// still running at <paramref name="start"/> (intervals [matched_at, ended_at), as the capacity check counts them).
    /// </summary>
    /// <returns>The free slots of the mentors who are open to new mentees.</returns>
    private static int OpenReturningMentors(Random rng, List<DraftParticipant> mentors, List<Pair> pairs, DateTime start)
    {
        int free = 0;
        foreach (DraftParticipant m in mentors)
        {
            int runningAccepted = 0, running = 0;
            foreach (int p in m.Pairs)
            {
                if (pairs[p].EndedAt is not { } end || end > start)
                {
                    running++;
                    runningAccepted += pairs[p].Accepted ? 1 : 0;
                }
            }

            m.FreeSlots = m.MentorCapacity - runningAccepted;
            m.RunningEarlierPairs = running;
            m.AssignedThisCohort = 0;
            m.FreePosition = -1;
            m.Active = rng.Chance(MentorReturns);
            if (m.Active)
            {
                free += Math.Max(0, m.FreeSlots);
            }
        }

        return free;
    }

    /// <summary>
    /// Recruits the mentors who join at this cohort: an even share of those not yet recruited (all of them at the
    /// last cohort), and more while the open slots fall short of <see cref="SlotsPerMentee"/> per mentee.
    /// </summary>
    /// <returns>The slots the new mentors add.</returns>
    private static int RecruitMentors(
        Random rng, Random? extraRng, SyntheticOptions o, int c, DateTime start, int menteeCount, int freeSlots, DrawParticipant.Population population,
        List<DraftParticipant> people, List<DraftParticipant> mentors, ManagerPool managers)
    {
        int left = o.Mentors - mentors.Count;
        int evenShare = (left + (o.Cohorts - c) - 1) / (o.Cohorts - c);
        int firstNew = mentors.Count, added = 0;
        while (mentors.Count < o.Mentors && (mentors.Count - firstNew < evenShare || freeSlots + added < SlotsPerMentee * menteeCount))
        {
            DateTime joined = start - TimeSpan.FromSeconds(rng.SecondsBetween(7 * DrawPairOutcome.Day, 42 * DrawPairOutcome.Day));
            DraftParticipant m = DrawParticipant.Draw(rng, o.Phrases, people.Count, Role.Mentor, c, joined, population);
            m.Extra = extraRng is null ? null : ExtraColumns.Draw(extraRng, Role.Mentor);
            m.Active = true;
            m.FreeSlots = m.MentorCapacity;
            added += m.MentorCapacity;
            people.Add(m);
            mentors.Add(m);
            managers.Add(m);
        }

        for (int i = firstNew; i < mentors.Count; i++)
        {
            DraftParticipant m = mentors[i];
            if (rng.Chance(MentorHasManager))
            {
                m.Manager = managers.PickAbove(rng, m.Department, m.JobLevel);
            }
        }

        return added;
    }

    /// <summary>When the open mentors are not enough, asks those who had stepped back (oldest first) to take mentees again.</summary>
    /// <returns>The slots they add.</returns>
    private static int ReopenMentors(List<DraftParticipant> mentors, int missing)
    {
        int added = 0;
        for (int i = 0; i < mentors.Count && added < missing; i++)
        {
            DraftParticipant m = mentors[i];
            if (!m.Active && m.FreeSlots > 0)
            {
                m.Active = true;
                added += m.FreeSlots;
            }
        }

        return added;
    }

    private static int Digits(int n) => n < 10 ? 1 : 1 + Digits(n / 10);
}

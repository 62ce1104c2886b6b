using MatchModels.Core.History;

namespace MatchModels.Synthetic;

/// <summary>
/// Draws one participant's profile (docs/synthetic-data.md, "Participants"). Covariate drift enters through
/// <see cref="Population"/>: the share of people from the new sites and whether mentees are more junior.
/// </summary>
internal static class DrawParticipant
{
    /// <summary>
    /// Who is being recruited: the share from covariate-drift sites, whether mentee levels shift down, and whether mentees
    /// have the shifted profile of the profile drift (more senior, longer tenure, less available).
    /// </summary>
    public readonly record struct Population(double NewSiteShare, bool JuniorMentees, bool ShiftedProfiles = false);

    // P(job_level = 1..6) for mentees, before and after the covariate shift.
    private static readonly double[] s_menteeLevels = [0.12, 0.20, 0.24, 0.20, 0.14, 0.10];
    private static readonly double[] s_juniorMenteeLevels = [0.22, 0.28, 0.24, 0.14, 0.08, 0.04];

    // Profile drift: mentee levels shift up (the junior shares reversed), tenure is longer and availability lower.
    private static readonly double[] s_seniorMenteeLevels = [0.04, 0.08, 0.14, 0.24, 0.28, 0.22];
    private const double ShiftedTenureYears = 3.0;
    private const int ShiftedMaxAvailabilityH = 4;

    // P(job_level = 4..10) for mentors.
    private static readonly double[] s_mentorLevels = [0.04, 0.14, 0.20, 0.22, 0.18, 0.13, 0.09];

    // P(1, 2, 3 goal topics) for mentees; P(2, 3, 4 offered topics) for mentors.
    private static readonly double[] s_menteeTopicCounts = [0.35, 0.45, 0.20];
    private static readonly double[] s_mentorTopicCounts = [0.35, 0.40, 0.25];

    // Topic popularity before the department boost, in TopicIds.All order.
    private static readonly double[] s_menteeTopicWeights = [0.14, 0.10, 0.12, 0.08, 0.08, 0.07, 0.09, 0.06, 0.09, 0.06, 0.05, 0.06];
    private static readonly double[] s_mentorTopicWeights = [0.12, 0.08, 0.10, 0.09, 0.10, 0.08, 0.06, 0.07, 0.12, 0.08, 0.06, 0.04];

    // P(mentor_capacity = 1..4).
    private static readonly double[] s_capacities = [0.25, 0.35, 0.25, 0.15];

    private static readonly double[] s_departmentWeights = Departments.All.Select(d => d.Weight).ToArray();
    private static readonly double[] s_establishedSiteWeights = Sites.All.Select(s => s.OpensWithCovariateDrift ? 0.0 : s.Weight).ToArray();
    private static readonly double[] s_newSiteWeights = Sites.All.Select(s => s.OpensWithCovariateDrift ? s.Weight : 0.0).ToArray();

    private static readonly string[] s_genders = ["female", "male", "non_binary", "undisclosed"];
    private static readonly double[] s_genderWeights = [0.46, 0.44, 0.02, 0.03];

    /// <summary>Audit-only attributes are left empty this often, as in real HR extracts.</summary>
    private const double GenderMissing = 0.05;
    private const double AgeBandMissing = 0.08;

    /// <summary>Share of mentees and mentors who add one skill outside their topics.</summary>
    private const double MenteeStraySkill = 0.25;
    private const double MentorStraySkill = 0.30;

    public static DraftParticipant Draw(Random rng, PhraseBank bank, int index, Role role, int cohort, DateTime joinedAt, Population population)
    {
        bool mentor = role == Role.Mentor;
        Site site = DrawSite(rng, population.NewSiteShare);
        int department = rng.PickIndex(s_departmentWeights);
        int level = mentor
            ? 4 + rng.PickIndex(s_mentorLevels)
            : 1 + rng.PickIndex(population.ShiftedProfiles ? s_seniorMenteeLevels : population.JuniorMentees ? s_juniorMenteeLevels : s_menteeLevels);
        double tenure = mentor
            ? Math.Clamp((1.6 * level) + (3.0 * rng.Gaussian()), 1.0, 40.0)
            : Math.Clamp((0.8 * level) + 0.5 + (population.ShiftedProfiles ? ShiftedTenureYears : 0) + (1.5 * rng.Gaussian()), 0.1, 40.0);
        tenure = Math.Round(tenure, 1);

        Span<double> mixWeights = stackalloc double[site.Languages.Count];
        for (int i = 0; i < mixWeights.Length; i++)
        {
            mixWeights[i] = site.Languages[i].Weight;
        }

        LanguageMix mix = site.Languages[rng.PickIndex(mixWeights)];
        IReadOnlyList<int> topics = DrawTopics(rng, mentor, Departments.All[department]);
        (IReadOnlyList<string> skills, ulong skillMask) = DrawSkills(rng, bank, mentor, topics);
        bool french = mix.Languages[0] == "fr";
        string goals = ComposeGoalsText.For(rng, bank, mentor, french, topics);

        int topicMask = 0;
        foreach (int t in topics)
        {
            topicMask |= 1 << t;
        }

        double availability = rng.Between(1, population.ShiftedProfiles && !mentor ? ShiftedMaxAvailabilityH : 12);
        int capacity = mentor ? 1 + rng.PickIndex(s_capacities) : 0;
        string? gender = rng.Chance(GenderMissing) ? null : s_genders[rng.PickIndex(s_genderWeights)];
        double age = 22 + tenure + (14 * rng.NextDouble());
        string? ageBand = rng.Chance(AgeBandMissing) ? null : AgeBandOf(age);

        return new DraftParticipant
        {
            Index = index,
            Role = role,
            Cohort = cohort,
            JoinedAt = joinedAt,
            Department = department,
            Site = site,
            JobLevel = level,
            TenureYears = tenure,
            Languages = mix.Languages,
            LanguageMask = Sites.LanguageMask(mix.Languages),
            TopicMask = topicMask,
            Skills = skills,
            SkillMask = skillMask,
            GoalsText = goals,
            AvailabilityHPerMonth = availability,
            MentorCapacity = capacity,
            Gender = gender,
            AgeBand = ageBand,
        };
    }

    private static Site DrawSite(Random rng, double newSiteShare)
    {
        bool fromNewSite = newSiteShare > 0 && rng.Chance(newSiteShare);
        return Sites.All[rng.PickIndex(fromNewSite ? s_newSiteWeights : s_establishedSiteWeights)];
    }

    /// <summary>Distinct topics, popularity-weighted with the department's home topics boosted.</summary>
    private static int[] DrawTopics(Random rng, bool mentor, Department department)
    {
        int count = mentor ? 2 + rng.PickIndex(s_mentorTopicCounts) : 1 + rng.PickIndex(s_menteeTopicCounts);
        double[] weights = (mentor ? s_mentorTopicWeights : s_menteeTopicWeights).ToArray();
        foreach (int home in department.HomeTopics)
        {
            weights[home] *= Departments.HomeTopicBoost;
        }

        var topics = new int[count];
        for (int i = 0; i < count; i++)
        {
            topics[i] = rng.PickIndex(weights);
            weights[topics[i]] = 0;
        }

        return topics;
    }

    /// <summary>
    /// Mentees: 1–2 skills per goal topic; mentors: 1–3 per offered topic; either may add one stray skill. Skills are
    /// drawn as slots (<see cref="TopicIds.SkillSlots"/>) and only then named by the bank, so the draws are the same for any bank.
    /// </summary>
    private static (IReadOnlyList<string> Skills, ulong Mask) DrawSkills(Random rng, PhraseBank bank, bool mentor, IReadOnlyList<int> topics)
    {
        var chosen = new List<int>(8);
        foreach (int t in topics)
        {
            int first = TopicIds.FirstSkill[t];
            int available = TopicIds.SkillSlots[t];
            int take = Math.Min(available, mentor ? rng.Between(1, 3) : rng.Between(1, 2));
            AddDistinct(rng, chosen, first, available, take);
        }

        if (rng.Chance(mentor ? MentorStraySkill : MenteeStraySkill))
        {
            AddDistinct(rng, chosen, 0, TopicIds.SkillCount, 1);
        }

        ulong mask = 0;
        var names = new string[chosen.Count];
        for (int i = 0; i < chosen.Count; i++)
        {
            mask |= 1UL << chosen[i];
            names[i] = bank.Skills[chosen[i]];
        }

        return (names, mask);
    }

    private static void AddDistinct(Random rng, List<int> chosen, int first, int available, int take)
    {
        int added = 0;
        for (int attempt = 0; added < take && attempt < 32; attempt++)
        {
            int s = first + rng.Next(available);
            if (!chosen.Contains(s))
            {
                chosen.Add(s);
                added++;
            }
        }
    }

    private static string AgeBandOf(double age) => age switch
    {
        < 25 => "under_25",
        < 35 => "25_34",
        < 45 => "35_44",
        < 55 => "45_54",
        _ => "55_plus",
    };
}

using MatchModels.Core.Features.Esco;
using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// Computes the features of pairs from their snapshots. One builder serves training and scoring, so the two
/// can never compute a feature differently; <see cref="Fit"/> learns only from the rows it is given (the training rows).
/// </summary>
public sealed class PairFeatureBuilder
{
    public const string PairSuccessSet = "pair-success";
    public const string DropoutSet = "dropout";

    private const double DaysPerYear = 365.25;

    /// <summary>Used for the rating defaults when the training rows hold no rating at all: the middle of the 1-5 scale.</summary>
    private const double NeutralRating = 3.0;

    /// <summary>The text features read the skills and the goals text as one document: either alone still makes one.</summary>
    private static readonly FeatureNeeds s_text = FeatureNeeds.EitherOf(ProfileFields.Skills, ProfileFields.GoalsText);

    private static readonly FeatureDefinition[] s_pairFeatures =
    [
        new("skill_overlap_count", FeatureType.Count, "Skills the mentee wants to develop that the mentor offers (case-insensitive).") { Needs = FeatureNeeds.Both(ProfileFields.Skills) },
        new("skill_jaccard", FeatureType.Numeric, "Jaccard index of the two skill sets: shared / all distinct; 0 when both are empty.") { Needs = FeatureNeeds.Both(ProfileFields.Skills) },
        new("goals_similarity", FeatureType.Numeric, "TF-IDF cosine between the mentee's skills to develop plus goals_text and the mentor's skills plus goals_text (French mapped onto English, accents, stop words and suffixes normalised).") { Needs = s_text },
        new("goals_coverage", FeatureType.Numeric, "IDF-weighted share of the mentee's terms (skills to develop and goals_text) that the mentor's skills or goals_text also contain.") { Needs = s_text },
        new("goals_topic_similarity", FeatureType.Numeric, "Cosine of the two documents above projected onto the latent themes fitted on training texts (LSA): same theme, different words.") { Needs = s_text },
        new("goals_theme_coverage", FeatureType.Numeric, "Share of the mentee's goal themes (non-negative factorisation of training texts, themes both roles write about) that the mentor's document also holds.") { Needs = s_text },
        new("goals_skill_similarity", FeatureType.Numeric, "Cosine of the two skill profiles: listed skills plus the skills each goals term is associated with among training participants (Dice over goals terms and skills lists).") { Needs = s_text },
        new("goals_skill_coverage", FeatureType.Numeric, "Weighted share of the mentee's skill profile (wanted skills, listed or written about) that the mentor's profile also holds.") { Needs = s_text },
        new("concept_similarity", FeatureType.Numeric, "Cosine of the two documents read as ESCO skill concepts (explicit semantic analysis over ESCO's French and English labels), concepts weighted by their IDF among training participants.") { Needs = s_text },
        new("concept_coverage", FeatureType.Numeric, "Weighted share of the mentee's ESCO skill concepts that the mentor's document also holds.") { Needs = s_text },
        new("concept_group_coverage", FeatureType.Numeric, "The same share one level up ESCO's skill hierarchy: each concept counted as its broader skills.") { Needs = s_text },
        new("level_gap", FeatureType.Numeric, "Mentor job_level minus mentee job_level.") { Needs = FeatureNeeds.Both(ProfileFields.JobLevel) },
        new("mentee_job_level", FeatureType.Count, "The mentee's job_level.") { Needs = FeatureNeeds.Of(ProfileFields.JobLevel, PairSides.Mentee) },
        new("same_department", FeatureType.Binary, "1 when both are in the same department.") { Needs = FeatureNeeds.Both(ProfileFields.Department) },
        new("same_site", FeatureType.Binary, "1 when both work at the same site.") { Needs = FeatureNeeds.Both(ProfileFields.Site) },
        new("timezone_gap_h", FeatureType.Numeric, "Hours between the two timezone offsets on the 24-hour clock (UTC-10 and UTC+12 are 2 hours apart).") { Needs = FeatureNeeds.Both(ProfileFields.TimezoneOffsetH) },
        new("shared_language", FeatureType.Binary, "1 when they share at least one working language.") { Needs = FeatureNeeds.Both(ProfileFields.Languages) },
        new("shared_language_count", FeatureType.Count, "How many working languages they share.") { Needs = FeatureNeeds.Both(ProfileFields.Languages) },
        new("availability_min_h", FeatureType.Numeric, "The smaller of the two availabilities, in hours per month.") { Needs = FeatureNeeds.Both(ProfileFields.AvailabilityHPerMonth) },
        new("same_reporting_line", FeatureType.Binary, "1 when one is in the other's management chain or both have the same direct manager.") { Needs = FeatureNeeds.Both(ProfileFields.ManagerId) },
        new("mentor_active_pairs", FeatureType.Count, "The mentor's other pairs matched at or before the cut-off and not ended by it."),
        new("mentor_free_capacity", FeatureType.Numeric, "mentor_capacity minus mentor_active_pairs (negative when over-booked).") { Needs = FeatureNeeds.Of(ProfileFields.MentorCapacity, PairSides.Mentor) },
        new("mentor_prior_pairs", FeatureType.Count, "The mentor's other pairs that ended at or before the cut-off."),
        new("mentor_prior_success_rate", FeatureType.Numeric, "Share of those prior pairs that ended as completed; the training mean when there is none."),
        new("mentee_tenure_years", FeatureType.Numeric, "The mentee's tenure at the cut-off: tenure_years at joining plus the time since.") { Needs = FeatureNeeds.Of(ProfileFields.TenureYears, PairSides.Mentee) },
        new("mentor_tenure_years", FeatureType.Numeric, "The mentor's tenure at the cut-off, as for the mentee.") { Needs = FeatureNeeds.Of(ProfileFields.TenureYears, PairSides.Mentor) },
    ];

    private static readonly FeatureDefinition[] s_engagementFeatures =
    [
        new("sessions_so_far", FeatureType.Count, "Sessions held from the match to the cut-off."),
        new("minutes_so_far", FeatureType.Numeric, "Total minutes of those sessions."),
        new("days_since_last_session", FeatureType.Numeric, "Days from the latest session to the cut-off; days since the match when none."),
        new("first_session_delay_days", FeatureType.Numeric, "Days from the match to the first session; days since the match (censored) when none."),
        new("mean_mentee_rating_so_far", FeatureType.Numeric, "Mean mentee rating of the sessions so far; the training mean when none is rated."),
        new("mean_mentor_rating_so_far", FeatureType.Numeric, "Mean mentor rating of the sessions so far; the training mean when none is rated."),
    ];

    private PairFeatureBuilder(string set, IReadOnlyList<FeatureDefinition> definitions, int? horizonDays)
    {
        FeatureSet = set;
        Definitions = definitions;
        HorizonDays = horizonDays;
    }

    /// <summary>Pair-success features, as of the match date.</summary>
    public static PairFeatureBuilder PairSuccess { get; } = new(PairSuccessSet, s_pairFeatures, null);

    /// <summary>Drop-out features, as of the match date plus <paramref name="horizonDays"/> days.</summary>
    public static PairFeatureBuilder Dropout(int horizonDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizonDays);
        return new(DropoutSet, [.. s_pairFeatures, .. s_engagementFeatures], horizonDays);
    }

    /// <summary>The builder that rebuilds the features a fitted state was made for.</summary>
    public static PairFeatureBuilder For(FittedFeatureState state) => state.FeatureSet switch
    {
        PairSuccessSet => PairSuccess,
        DropoutSet => Dropout(state.HorizonDays ?? throw new FormatException("a dropout feature state needs horizon_days")),
        _ => throw new FormatException($"unknown feature set '{state.FeatureSet}': expected {PairSuccessSet} or {DropoutSet}"),
    };

    public string FeatureSet { get; }

    public IReadOnlyList<FeatureDefinition> Definitions { get; }

    public int? HorizonDays { get; }

    public bool WithEngagement => HorizonDays is not null;

    /// <summary>The definition of one of this builder's features.</summary>
    public FeatureDefinition Definition(string name) =>
        Definitions.FirstOrDefault(d => d.Name == name) ?? throw new KeyNotFoundException($"the {FeatureSet} builder has no feature named '{name}'");

    /// <summary>The cut-off for a pair: its match date, plus the horizon for drop-out.</summary>
    public DateTime CutOff(Pair pair) => pair.MatchedAt.AddDays(HorizonDays ?? 0);

    /// <summary>Snapshots of <paramref name="pairs"/>, each at its own cut-off.</summary>
    public IReadOnlyList<PairSnapshot> Snapshots(PointInTimeHistory history, IEnumerable<Pair> pairs) =>
        pairs.Select(p => history.Snapshot(p, CutOff(p), WithEngagement)).ToList();

    /// <summary>Learns the vocabulary and the stand-in values from training snapshots only.</summary>
    public FittedFeatureState Fit(IReadOnlyList<PairSnapshot> training)
    {
        // One document per participant, not per pair: a busy mentor must not weigh more in the IDF.
        var documents = new SortedDictionary<string, (string Text, Role Role)>(StringComparer.Ordinal);
        var people = new SortedDictionary<string, Participant>(StringComparer.Ordinal);
        foreach (PairSnapshot s in training)
        {
            documents[s.Mentee.ParticipantId] = (MenteeDocument(s.Mentee), Role.Mentee);
            documents[s.Mentor.ParticipantId] = (MentorDocument(s.Mentor), Role.Mentor);
            people[s.Mentee.ParticipantId] = s.Mentee;
            people[s.Mentor.ParticipantId] = s.Mentor;
        }

        SkillAnchors anchors = SkillAnchors.Fit(people.Values.Select(p => (p.GoalsText ?? "", p.Skills ?? (IReadOnlyList<string>)[])));

        TfIdfVocabulary vocabulary = TfIdfVocabulary.Fit(documents.Values.Select(d => d.Text));
        SkillConcepts concepts = SkillConcepts.Esco;
        ConceptWeights conceptIdf = ConceptWeights.Fit(documents.Values.Select(d => concepts.Read(d.Text)), concepts);
        var vectors = documents.Values.Select(d => (Document: vocabulary.Vectorise(d.Text), d.Role)).ToList();
        LatentTopics topics = LatentTopics.Fit(vectors.Select(v => v.Document).ToList(), vocabulary.Terms.Count);
        GoalThemes themes = GoalThemes.Fit(vectors, topics);
        var withPrior = training.Where(s => s.MentorRecord.PriorPairs > 0).ToList();
        double priorRate = withPrior.Count > 0
            ? withPrior.Average(s => (double)s.MentorRecord.PriorCompleted / s.MentorRecord.PriorPairs)
            : 0.5;
        var menteeRatings = training.Select(s => s.Engagement?.MeanMenteeRating).OfType<double>().ToList();
        var mentorRatings = training.Select(s => s.Engagement?.MeanMentorRating).OfType<double>().ToList();
        return new FittedFeatureState(
            FeatureSet,
            Definitions.Select(d => d.Name).ToArray(),
            HorizonDays,
            vocabulary,
            topics,
            themes,
            priorRate,
            menteeRatings.Count > 0 ? menteeRatings.Average() : NeutralRating,
            mentorRatings.Count > 0 ? mentorRatings.Average() : NeutralRating,
            conceptIdf,
            anchors);
    }

    /// <summary>The features of many snapshots, computing each participant's text representations once.</summary>
    public FeatureMatrix Build(IReadOnlyList<PairSnapshot> snapshots, FittedFeatureState state)
    {
        CheckState(state);
        int width = Definitions.Count;
        var values = new float[snapshots.Count * width];
        var texts = new Dictionary<(string, Role), ParticipantText>();
        for (int i = 0; i < snapshots.Count; i++)
        {
            PairSnapshot s = snapshots[i];
            ParticipantText mentee = Text(texts, s.Mentee, state);
            ParticipantText mentor = Text(texts, s.Mentor, state);
            Compute(s, state, Match(mentee, mentor, state), values.AsSpan(i * width, width));
        }

        return new FeatureMatrix(Definitions.Select(d => d.Name).ToArray(), values, snapshots.Count);
    }

    /// <summary>The features of one snapshot into <paramref name="row"/> (of <see cref="Definitions"/>.Count values).</summary>
    public void Build(PairSnapshot snapshot, FittedFeatureState state, Span<float> row)
    {
        CheckState(state);
        Compute(snapshot, state, Match(ParticipantText.Of(snapshot.Mentee, state), ParticipantText.Of(snapshot.Mentor, state), state), row);
    }

    /// <summary>
    /// A participant's text work done once (tf-idf vector, latent coordinates, theme loadings, skill set), for callers
    /// that score one participant against many. It depends only on the skills, the goals text and the fitted state:
    /// mentee and mentor documents are built the same way, so one prepared text serves either role.
    /// </summary>
    public static ParticipantText Prepare(Participant participant, FittedFeatureState state)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(state);
        return ParticipantText.Of(participant, state);
    }

    /// <summary>
    /// The features of one snapshot from texts <see cref="Prepare"/>d for its mentee and mentor: the same values as
    /// <see cref="Build(PairSnapshot, FittedFeatureState, Span{float})"/>, without repeating the text work per pair.
    /// </summary>
    public void Build(PairSnapshot snapshot, FittedFeatureState state, ParticipantText mentee, ParticipantText mentor, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(mentee);
        ArgumentNullException.ThrowIfNull(mentor);
        Compute(snapshot, state, Match(mentee, mentor, state), row);
    }

    /// <summary>Checks once, for callers that then build many rows with <see cref="Build(PairSnapshot, FittedFeatureState, ParticipantText, ParticipantText, Span{float})"/>.</summary>
    public void CheckFits(FittedFeatureState state) => CheckState(state);

    private void CheckState(FittedFeatureState state)
    {
        if (state.FeatureSet != FeatureSet || state.HorizonDays != HorizonDays || !state.FeatureNames.SequenceEqual(Definitions.Select(d => d.Name)))
        {
            throw new InvalidOperationException(
                $"the fitted state is for '{state.FeatureSet}' (horizon {state.HorizonDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) with {state.FeatureNames.Count} features; this builder computes '{FeatureSet}' with {Definitions.Count}");
        }
    }

    private static ParticipantText Text(Dictionary<(string, Role), ParticipantText> cache, Participant p, FittedFeatureState state)
    {
        if (!cache.TryGetValue((p.ParticipantId, p.Role), out ParticipantText? text))
        {
            text = ParticipantText.Of(p, state);
            cache[(p.ParticipantId, p.Role)] = text;
        }

        return text;
    }

    private static TextMatch Match(ParticipantText mentee, ParticipantText mentor, FittedFeatureState state)
    {
        int shared = 0;
        if (mentee.Skills is HashSet<string> skills)
        {
            // The concrete set enumerates without boxing an enumerator: rank calls this once per candidate.
            foreach (string skill in skills)
            {
                if (mentor.Skills.Contains(skill))
                {
                    shared++;
                }
            }
        }
        else
        {
            foreach (string skill in mentee.Skills)
            {
                if (mentor.Skills.Contains(skill))
                {
                    shared++;
                }
            }
        }

        int union = mentee.Skills.Count + mentor.Skills.Count - shared;
        return new TextMatch(
            mentee.Vector.Dot(mentor.Vector),
            mentee.Vector.CoveredBy(mentor.Vector),
            LatentTopics.Cosine(mentee.Topics, mentor.Topics),
            state.Themes.Coverage(mentee.Themes, mentor.Themes),
            mentee.SkillProfile.Dot(mentor.SkillProfile),
            mentee.SkillProfile.CoveredBy(mentor.SkillProfile),
            mentee.Concepts.Dot(mentor.Concepts),
            mentee.Concepts.CoveredBy(mentor.Concepts),
            mentee.ConceptGroups.CoveredBy(mentor.ConceptGroups),
            shared,
            union == 0 ? 0 : (double)shared / union);
    }

    /// <summary>What the mentee wants: the goals text and the skills they want to develop.</summary>
    private static string MenteeDocument(Participant p) => string.Join(' ', p.Skills ?? []) + " " + p.GoalsText;

    private static string MentorDocument(Participant p) => string.Join(' ', p.Skills ?? []) + " " + p.GoalsText;

    private readonly record struct TextMatch(
        double Similarity,
        double Coverage,
        double TopicSimilarity,
        double ThemeCoverage,
        double SkillProfileSimilarity,
        double SkillProfileCoverage,
        double ConceptSimilarity,
        double ConceptCoverage,
        double ConceptGroupCoverage,
        int SkillOverlap,
        double SkillJaccard);

    private void Compute(PairSnapshot s, FittedFeatureState state, TextMatch text, Span<float> row)
    {
        Participant mentee = s.Mentee, mentor = s.Mentor;

        // A missing value reads as its fitted fill (ADR 0022); with none, the feature is one the model left out, or
        // the caller refused the profile before it got here, so the 0 never reaches a model's input.
        ProfileTreatment fill = state.Profile ?? ProfileTreatment.Complete;
        int sharedLanguages = SharedLanguages(mentee.Languages ?? [], mentor.Languages ?? []);
        MentorTrackRecord record = s.MentorRecord;
        int k = 0;
        row[k++] = text.SkillOverlap;
        row[k++] = (float)text.SkillJaccard;
        row[k++] = (float)text.Similarity;
        row[k++] = (float)text.Coverage;
        row[k++] = (float)text.TopicSimilarity;
        row[k++] = (float)text.ThemeCoverage;
        row[k++] = (float)text.SkillProfileSimilarity;
        row[k++] = (float)text.SkillProfileCoverage;
        row[k++] = (float)text.ConceptSimilarity;
        row[k++] = (float)text.ConceptCoverage;
        row[k++] = (float)text.ConceptGroupCoverage;
        double menteeLevel = mentee.JobLevel ?? fill.NumberFill(ProfileFields.JobLevel);
        row[k++] = (float)((mentor.JobLevel ?? fill.NumberFill(ProfileFields.JobLevel)) - menteeLevel);
        row[k++] = (float)menteeLevel;
        row[k++] = Same(mentee.Department, mentor.Department, fill, ProfileFields.Department);
        row[k++] = Same(mentee.Site, mentor.Site, fill, ProfileFields.Site);
        row[k++] = (float)TimezoneGap(
            mentee.TimezoneOffsetH ?? fill.NumberFill(ProfileFields.TimezoneOffsetH), mentor.TimezoneOffsetH ?? fill.NumberFill(ProfileFields.TimezoneOffsetH));
        row[k++] = Flag(sharedLanguages > 0);
        row[k++] = sharedLanguages;
        row[k++] = (float)Math.Min(
            mentee.AvailabilityHPerMonth ?? fill.NumberFill(ProfileFields.AvailabilityHPerMonth), mentor.AvailabilityHPerMonth ?? fill.NumberFill(ProfileFields.AvailabilityHPerMonth));
        row[k++] = Flag(s.SameReportingLine);
        row[k++] = record.ActivePairs;
        row[k++] = (float)((mentor.MentorCapacity ?? fill.NumberFill(ProfileFields.MentorCapacity)) - record.ActivePairs);
        row[k++] = record.PriorPairs;
        row[k++] = (float)(record.PriorPairs > 0 ? (double)record.PriorCompleted / record.PriorPairs : state.MentorPriorSuccessRateDefault);
        row[k++] = (float)TenureAt(mentee, s.AsOf, fill);
        row[k++] = (float)TenureAt(mentor, s.AsOf, fill);
        if (!WithEngagement)
        {
            return;
        }

        EngagementSoFar e = s.Engagement ?? EngagementSoFar.None;
        double sinceMatch = Math.Max(0, (s.AsOf - s.MatchedAt).TotalDays);
        row[k++] = e.Sessions;
        row[k++] = (float)e.TotalMinutes;
        row[k++] = (float)(e.LastSessionDays is { } last ? sinceMatch - last : sinceMatch);
        row[k++] = (float)(e.FirstSessionDays ?? sinceMatch);
        row[k++] = (float)(e.MeanMenteeRating ?? state.MeanMenteeRatingDefault);
        row[k++] = (float)(e.MeanMentorRating ?? state.MeanMentorRatingDefault);
    }

    private static float Flag(bool b) => b ? 1f : 0f;

    /// <summary>1 when both hold the same value (case-insensitive), a missing one read as its fill; 0 when either is still unknown.</summary>
    private static float Same(string? a, string? b, ProfileTreatment fill, string field)
    {
        a ??= fill.TextFill(field);
        b ??= fill.TextFill(field);
        return Flag(a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>How many of <paramref name="a"/>'s languages <paramref name="b"/> also speaks (case-insensitive); loops rather than LINQ because rank calls it per candidate.</summary>
    public static int SharedLanguages(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int shared = 0;
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = 0; j < b.Count; j++)
            {
                if (string.Equals(a[i], b[j], StringComparison.OrdinalIgnoreCase))
                {
                    shared++;
                    break;
                }
            }
        }

        return shared;
    }

    /// <summary>Hours between two UTC offsets on the 24-hour clock.</summary>
    public static double TimezoneGap(double a, double b)
    {
        double d = Math.Abs(a - b) % 24;
        return Math.Min(d, 24 - d);
    }

    private static double TenureAt(Participant p, DateTime asOf, ProfileTreatment fill) =>
        (p.TenureYears ?? fill.NumberFill(ProfileFields.TenureYears)) + Math.Max(0, (asOf - p.JoinedAt).TotalDays / DaysPerYear);

    internal static (int Overlap, double Jaccard) SkillOverlap(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var setA = new HashSet<string>(a.Select(x => x.Trim()), StringComparer.OrdinalIgnoreCase);
        var setB = new HashSet<string>(b.Select(x => x.Trim()), StringComparer.OrdinalIgnoreCase);
        int shared = setA.Count(setB.Contains);
        int union = setA.Count + setB.Count - shared;
        return (shared, union == 0 ? 0 : (double)shared / union);
    }
}

/// <summary>
/// A participant's document as the fitted state sees it, prepared once: the tf-idf vector of skills plus goals text,
/// its latent coordinates, its theme loadings, its skill profile, its ESCO concepts (and their broader skills) and the skill set.
/// Immutable, so it can be shared across threads and pairs.
/// </summary>
public sealed record ParticipantText(
    SparseVector Vector,
    double[] Topics,
    double[] Themes,
    SparseVector SkillProfile,
    SparseVector Concepts,
    SparseVector ConceptGroups,
    IReadOnlySet<string> Skills)
{
    public static ParticipantText Of(Participant p, FittedFeatureState state)
    {
        // Mentee and mentor documents are the same text (skills, then goals), so the role does not change the result.
        // The text is split once for all its readers: the terms of "skills goals" are the skills' terms, then the goals'.
        // An absent skills or goals_text column reads as empty (ADR 0022): the text features then read the other one.
        IReadOnlyList<string> skills = p.Skills ?? [];
        List<string> goals = TextNormalisation.Terms(p.GoalsText ?? "");
        List<string> document = TextNormalisation.Terms(string.Join(' ', skills));
        document.AddRange(goals);
        SparseVector v = state.Vocabulary.Vectorise(document);
        SkillConcepts space = SkillConcepts.Esco;
        SparseVector concepts = state.ConceptIdf.Apply(space.Read(document), space);
        return new ParticipantText(
            v,
            state.Topics.Project(v),
            state.Themes.Loadings(v),
            state.SkillAnchors.Profile(goals, skills),
            concepts,
            space.Broader(concepts),
            new HashSet<string>(skills.Select(x => x.Trim()), StringComparer.OrdinalIgnoreCase));
    }
}

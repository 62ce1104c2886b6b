using System.Text.Json;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Scoring;

namespace MatchModels.Serving.Scoring;

/// <summary>A parsed predict body: the pairs as feature-builder snapshots, with the ids the response echoes.</summary>
public sealed record PredictRequest(IReadOnlyList<PairSnapshot> Pairs);

/// <summary>A parsed rank body.</summary>
public sealed record RankRequest(Participant Mentee, IReadOnlyList<string>? MenteeManagerChain, IReadOnlyList<MentorCandidate> Mentors, DateTime AsOf, RankFilters Filters, int Top);

/// <summary>
/// Turns request bodies into Core's records, naming the JSON path of every bad field. Profiles carry the fields of
/// data/schemas/participants.schema.json; what a profile cannot tell (the mentor's current load and past pairs,
/// the reporting line above the direct manager) comes in optional fields that default to "nothing known".
/// </summary>
public static class ScoringRequests
{
    private static readonly string[] s_genders = ["female", "male", "non_binary", "undisclosed"];
    private static readonly string[] s_ageBands = ["under_25", "25_34", "35_44", "45_54", "55_plus"];

    // The bound data validate applies, read from the schema so the two cannot disagree.
    private static readonly int s_maxMentorCapacity = (int)HistorySchemas.Participants["mentor_capacity"].Maximum!.Value;

    /// <summary>What a version that reads every profile field and fills none requires: the contract before ADR 0022.</summary>
    internal static ProfileRequirements AllRead { get; } = ProfileRequirements.Of(
        PairFeatureBuilder.PairSuccess, PairFeatureBuilder.PairSuccess.Definitions.Select(d => d.Name), null);

    public static PredictRequest Predict(JsonElement body, int maxBatch, DateTime now) => Predict(body, maxBatch, now, []);

    /// <summary>
    /// As above, with profiles that carry the scored version's declared columns (<see cref="DeclaredProfileFields"/>) and
    /// hold the fields it cannot score without (<paramref name="required"/>; every field its builder reads when null).
    /// </summary>
    public static PredictRequest Predict(JsonElement body, int maxBatch, DateTime now, IReadOnlyList<DeclaredColumn> declared, ProfileRequirements? required = null)
    {
        required ??= AllRead;
        var f = new JsonFields();
        var pairs = new List<PairSnapshot>();
        if (f.IsObject(body, "$") && f.Get(body, "$", "pairs", required: true) is { } items)
        {
            if (items.ValueKind != JsonValueKind.Array)
            {
                f.Add("$.pairs", $"expected an array of pairs, found {JsonFields.Kind(items)}");
            }
            else if (items.GetArrayLength() == 0)
            {
                f.Add("$.pairs", "needs at least one pair");
            }
            else if (items.GetArrayLength() > maxBatch)
            {
                f.Add("$.pairs", $"{items.GetArrayLength()} pairs is more than the maximum batch of {maxBatch}: split the request");
            }
            else
            {
                int i = 0;
                foreach (JsonElement item in items.EnumerateArray())
                {
                    if (Pair(f, item, $"$.pairs[{i++}]", now, declared, required) is { } p)
                    {
                        pairs.Add(p);
                    }
                }
            }
        }

        return f.Ok ? new PredictRequest(pairs) : throw new RequestValidationException(f.Errors);
    }

    /// <summary>
    /// The rank body's fields other than the mentors (mentee, mentee_manager_chain, as_of, top, filters) and the
    /// mentors <see cref="ReadRankBody"/> parsed one at a time, as a request; every problem, the cut-off rule's too.
    /// </summary>
    internal static RankRequest Rank(JsonFields f, JsonElement head, IReadOnlyList<(int Index, MentorCandidate Candidate)> mentors, DateTime now, IReadOnlyList<DeclaredColumn> declared, ProfileRequirements? required = null)
    {
        Participant? mentee = f.Get(head, "$", "mentee", required: true) is { } m ? Profile(f, m, "$.mentee", Role.Mentee, declared, required ?? AllRead) : null;
        IReadOnlyList<string>? chain = f.Strings(head, "$", "mentee_manager_chain", required: false);
        DateTime? asOf = f.Time(head, "$", "as_of", required: true);
        int top = f.WholeNumber(head, "$", "top", required: false, 1, 1000) ?? 10;
        RankFilters filters = new();
        if (f.Get(head, "$", "filters", required: false) is { } fe && f.IsObject(fe, "$.filters"))
        {
            filters = new RankFilters(
                f.Bool(fe, "$.filters", "shared_language") ?? true,
                f.Bool(fe, "$.filters", "not_same_reporting_line") ?? true,
                f.Number(fe, "$.filters", "max_timezone_gap_h", required: false, 0, 12),
                f.Bool(fe, "$.filters", "free_capacity") ?? true);
        }

        if (asOf is { } t)
        {
            CutOff(f, "$.as_of", t, now, mentee);
            foreach ((int index, MentorCandidate c) in mentors)
            {
                if (f.Errors.Count >= ReadRankBody.MaxReportedErrors)
                {
                    break;
                }

                // Named by the mentor, so that one late joiner among 50,000 is easy to find.
                if (CheckCutOff.BeforeJoining(t, c.Mentor) is { } expected)
                {
                    f.Add($"$.mentors[{index}].joined_at", $"as_of {CheckCutOff.Text(t)} must be {expected}");
                }
            }
        }

        return f.Ok ? new RankRequest(mentee!, chain, [.. mentors.Select(m => m.Candidate)], asOf!.Value, filters, top) : throw new RequestValidationException(f.Errors);
    }

    /// <summary>One element of a rank body's mentors array, or null after recording its problems.</summary>
    internal static MentorCandidate? Mentor(JsonFields f, JsonElement item, string path, IReadOnlyList<DeclaredColumn> declared, ProfileRequirements? required = null)
    {
        Participant? mentor = Profile(f, item, path, Role.Mentor, declared, required ?? AllRead);
        MentorTrackRecord record = item.ValueKind == JsonValueKind.Object && f.Get(item, path, "mentor_record", required: false) is { } r ? Record(f, r, path + ".mentor_record") : MentorTrackRecord.None;
        IReadOnlyList<string>? mentorChain = item.ValueKind == JsonValueKind.Object ? f.Strings(item, path, "manager_chain", required: false) : null;
        return mentor is null ? null : new MentorCandidate(mentor, record, mentorChain);
    }

    private static PairSnapshot? Pair(JsonFields f, JsonElement e, string path, DateTime now, IReadOnlyList<DeclaredColumn> declared, ProfileRequirements required)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        Participant? mentee = f.Get(e, path, "mentee", required: true) is { } m ? Profile(f, m, path + ".mentee", Role.Mentee, declared, required) : null;
        Participant? mentor = f.Get(e, path, "mentor", required: true) is { } n ? Profile(f, n, path + ".mentor", Role.Mentor, declared, required) : null;
        DateTime? asOf = f.Time(e, path, "as_of", required: true);
        DateTime? matchedAt = f.Time(e, path, "matched_at", required: false);
        bool? sameLine = f.Bool(e, path, "same_reporting_line");
        MentorTrackRecord record = f.Get(e, path, "mentor_record", required: false) is { } r ? Record(f, r, path + ".mentor_record") : MentorTrackRecord.None;
        EngagementSoFar? engagement = f.Get(e, path, "engagement", required: false) is { } g ? Engagement(f, g, path + ".engagement") : null;
        if (mentee is null || mentor is null || asOf is null)
        {
            return null;
        }

        if (matchedAt > asOf)
        {
            f.Add(path + ".matched_at", "must not be after as_of");
        }

        CutOff(f, path + ".as_of", asOf.Value, now, mentee, mentor);

        return new PairSnapshot(mentee, mentor, matchedAt ?? asOf.Value, asOf.Value, sameLine ?? ReportingLine.Same(mentee, null, mentor, null), record, engagement);
    }

    /// <summary>The cut-off rule <c>predict --pairs</c> applies too (<see cref="CheckCutOff"/>), for each participant given.</summary>
    internal static void CutOff(JsonFields f, string path, DateTime asOf, DateTime now, params ReadOnlySpan<Participant?> participants)
    {
        if (CheckCutOff.TooFarAhead(asOf, now) is { } ahead)
        {
            f.Add(path, $"must be {ahead}, found {CheckCutOff.Text(asOf)}");
            return;
        }

        foreach (Participant? p in participants)
        {
            if (p is not null && CheckCutOff.BeforeJoining(asOf, p) is { } expected)
            {
                f.Add(path, $"must be {expected}, found {CheckCutOff.Text(asOf)}");
            }
        }
    }

    private static Participant? Profile(JsonFields f, JsonElement e, string path, Role role, IReadOnlyList<DeclaredColumn> declared, ProfileRequirements requirements)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        // A field is required only when the version reads it and has no fitted fill for it (ADR 0022); a field given is
        // checked as data validate checks its column, read or not.
        IReadOnlyList<string> needed = requirements.For(role);
        bool Needs(string field) => needed.Contains(field, StringComparer.Ordinal);
        int before = f.Errors.Count;
        string? id = f.Text(e, path, "participant_id", required: true);
        string programme = f.Text(e, path, "programme_id", required: false) ?? "";
        string cohort = f.Text(e, path, "cohort_id", required: false) ?? "";
        DateTime? joined = f.Time(e, path, "joined_at", required: true);
        string? department = f.Text(e, path, "department", Needs(ProfileFields.Department));
        string? site = f.Text(e, path, "site", Needs(ProfileFields.Site));
        double? timezone = f.Number(e, path, "timezone_offset_h", Needs(ProfileFields.TimezoneOffsetH), -12, 14);
        int? level = f.WholeNumber(e, path, "job_level", Needs(ProfileFields.JobLevel), 1, 10);
        double? tenure = f.Number(e, path, "tenure_years", Needs(ProfileFields.TenureYears), 0, 60);
        string? manager = f.Text(e, path, "manager_id", required: false);
        IReadOnlyList<string>? languages = f.Strings(e, path, "languages", Needs(ProfileFields.Languages), minItems: 1);
        IReadOnlyList<string>? skills = f.Strings(e, path, "skills", Needs(ProfileFields.Skills));
        string? goals = f.Text(e, path, "goals_text", Needs(ProfileFields.GoalsText), nonEmpty: false);
        double? availability = f.Number(e, path, "availability_h_per_month", Needs(ProfileFields.AvailabilityHPerMonth), 0, 80);
        int? capacity = f.WholeNumber(e, path, "mentor_capacity", Needs(ProfileFields.MentorCapacity), 0, s_maxMentorCapacity);
        string? gender = f.Enum(e, path, "gender", s_genders);
        string? ageBand = f.Enum(e, path, "age_band", s_ageBands);
        if (f.Enum(e, path, "role", ["mentee", "mentor"]) is { } given && given != EnumNames.Of(role))
        {
            f.Add(path + ".role", $"this profile is the {EnumNames.Of(role)}, found role '{given}'");
        }

        IReadOnlyDictionary<string, CustomValue>? custom = DeclaredProfileFields.Read(f, e, path, declared);

        return f.Errors.Count > before
            ? null
            : new Participant(id!, programme, cohort, role, joined!.Value, department, site, timezone, level, tenure, manager,
                languages, skills, goals, availability, capacity, gender, ageBand, custom);
    }

    private static MentorTrackRecord Record(JsonFields f, JsonElement e, string path)
    {
        if (!f.IsObject(e, path))
        {
            return MentorTrackRecord.None;
        }

        int active = f.WholeNumber(e, path, "active_pairs", required: false, 0) ?? 0;
        int prior = f.WholeNumber(e, path, "prior_pairs", required: false, 0) ?? 0;
        int completed = f.WholeNumber(e, path, "prior_completed", required: false, 0) ?? 0;
        if (completed > prior)
        {
            f.Add(path + ".prior_completed", $"cannot exceed prior_pairs ({prior}), found {completed}");
        }

        return new MentorTrackRecord(active, prior, completed);
    }

    private static EngagementSoFar? Engagement(JsonFields f, JsonElement e, string path)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        return new EngagementSoFar(
            f.WholeNumber(e, path, "sessions", required: false, 0) ?? 0,
            f.Number(e, path, "total_minutes", required: false, 0) ?? 0,
            f.Number(e, path, "first_session_days", required: false, 0),
            f.Number(e, path, "last_session_days", required: false, 0),
            f.Number(e, path, "mean_mentee_rating", required: false, 1, 5),
            f.Number(e, path, "mean_mentor_rating", required: false, 1, 5));
    }
}

using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Synthetic;

/// <summary>
/// A person's extra HR columns under <c>--extra-columns</c> (docs/synthetic-data.md, "Extra columns"): the kind of
/// company-specific fields a real HR export carries beside the schema's, with a known effect on the truth. Drawn from a
/// stream of their own, so that a history generated without them is unchanged.
/// </summary>
/// <param name="EngagementScore">Engagement survey score, 1.0–5.0 in steps of 0.1; null when the person skipped the survey.</param>
/// <param name="Overtime">Works regular overtime.</param>
/// <param name="CoachingCertified">Holds a coaching certificate.</param>
/// <param name="PerformanceRating">Last performance review, 1–5.</param>
/// <param name="Education">Highest degree: one of <see cref="ExtraColumns.EducationLevels"/>.</param>
/// <param name="Interests">One to three interests from <see cref="ExtraColumns.InterestWords"/>.</param>
internal sealed record ExtraTraits(
    double? EngagementScore,
    bool Overtime,
    bool CoachingCertified,
    int PerformanceRating,
    string Education,
    IReadOnlyList<string> Interests);

/// <summary>The extra columns: their names, how they are drawn, and their documented effects on both truths.</summary>
public static class ExtraColumns
{
    public const string EngagementScore = "engagement_score";
    public const string Overtime = "overtime";
    public const string CoachingCertified = "coaching_certified";
    public const string PerformanceRating = "performance_rating";
    public const string Education = "education";
    public const string Interests = "interests";

    /// <summary>The column names, in the order they are written after the schema's participant columns.</summary>
    public static IReadOnlyList<string> Names { get; } = [EngagementScore, Overtime, CoachingCertified, PerformanceRating, Education, Interests];

    public static IReadOnlyList<string> EducationLevels { get; } = ["secondary", "bachelor", "master", "doctorate"];

    public static IReadOnlyList<string> InterestWords { get; } = ["running", "chess", "cooking", "music", "hiking", "reading", "photography", "gardening"];

    /// <summary>The extra stream's seed: the history's seed mixed with a fixed odd constant, so the two streams differ.</summary>
    internal static int StreamSeed(int seed) => unchecked((seed * 0x2545F491) ^ 0x6A09E667) & int.MaxValue;

    private const double EngagementMissing = 0.10;
    private static readonly double[] s_performanceWeights = [0.05, 0.15, 0.45, 0.25, 0.10];
    private static readonly double[] s_educationWeights = [0.20, 0.45, 0.30, 0.05];
    private static readonly double[] s_interestCounts = [0.40, 0.40, 0.20];

    internal static ExtraTraits Draw(Random rng, Role role)
    {
        double? engagement = rng.Chance(EngagementMissing) ? null : Math.Round(Math.Clamp(3.2 + (0.8 * rng.Gaussian()), 1.0, 5.0), 1);
        bool overtime = rng.Chance(0.30);
        bool certified = rng.Chance(role == Role.Mentor ? 0.25 : 0.05);
        int rating = 1 + rng.PickIndex(s_performanceWeights);
        string education = EducationLevels[rng.PickIndex(s_educationWeights)];
        int count = 1 + rng.PickIndex(s_interestCounts);
        var interests = new List<string>(count);
        while (interests.Count < count)
        {
            string word = rng.Pick(InterestWords);
            if (!interests.Contains(word))
            {
                interests.Add(word);
            }
        }

        interests.Sort(StringComparer.Ordinal);
        return new ExtraTraits(engagement, overtime, certified, rating, education, interests);
    }

    /// <summary>
    /// What the extra columns add to the success logit z:
    /// β0 + βE·(mentee engagement − 3) + βOT·[mentee overtime] + βOTm·[mentor overtime] + βC·[mentor certified]
    /// + βP·(mentor rating − 3) + βEd·[same education] + βI·Jaccard(interests). A missing engagement score adds nothing.
    /// </summary>
    internal static double SuccessLogit(ExtraTraits mentee, ExtraTraits mentor, ExtraColumnCoefficients c) =>
        c.SuccessIntercept
        + (mentee.EngagementScore is { } e ? c.MenteeEngagement * (e - 3.0) : 0.0)
        + (mentee.Overtime ? c.MenteeOvertime : 0.0)
        + (mentor.Overtime ? c.MentorOvertime : 0.0)
        + (mentor.CoachingCertified ? c.MentorCertified : 0.0)
        + (c.MentorPerformance * (mentor.PerformanceRating - 3))
        + (mentee.Education == mentor.Education ? c.SameEducation : 0.0)
        + (c.InterestJaccard * Jaccard(mentee.Interests, mentor.Interests));

    /// <summary>What the extra columns add inside the drop-out rate's sigmoid: γOT·[mentee overtime] + γE·(mentee engagement − 3).</summary>
    internal static double DropoutLogit(ExtraTraits mentee, ExtraColumnCoefficients c) =>
        (mentee.Overtime ? c.DropoutMenteeOvertime : 0.0)
        + (mentee.EngagementScore is { } e ? c.DropoutMenteeEngagement * (e - 3.0) : 0.0);

    internal static double Jaccard(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int both = a.Count(b.Contains);
        int union = a.Count + b.Count - both;
        return union == 0 ? 0.0 : (double)both / union;
    }

    /// <summary>The columns, one value per participant in the order of <paramref name="traits"/>.</summary>
    internal static IReadOnlyList<TableColumn> ToColumns(IReadOnlyList<ExtraTraits> traits) =>
    [
        TableColumn.From(EngagementScore, traits.Select(t => t.EngagementScore).ToArray()),
        TableColumn.From(Overtime, traits.Select(t => (bool?)t.Overtime).ToArray()),
        TableColumn.From(CoachingCertified, traits.Select(t => (bool?)t.CoachingCertified).ToArray()),
        TableColumn.From(PerformanceRating, traits.Select(t => (long?)t.PerformanceRating).ToArray()),
        TableColumn.From(Education, traits.Select(t => (string?)t.Education).ToArray()),
        TableColumn.From(Interests, traits.Select(t => (string[]?)[.. t.Interests]).ToArray()),
    ];
}

/// <summary>The extra columns' coefficients; every value is documented in docs/synthetic-data.md, which must change with it.</summary>
internal sealed record ExtraColumnCoefficients(
    double SuccessIntercept,
    double MenteeEngagement,
    double MenteeOvertime,
    double MentorOvertime,
    double MentorCertified,
    double MentorPerformance,
    double SameEducation,
    double InterestJaccard,
    double DropoutMenteeOvertime,
    double DropoutMenteeEngagement)
{
    public static ExtraColumnCoefficients Baseline { get; } = new(
        SuccessIntercept: -0.3,
        MenteeEngagement: 0.6,
        MenteeOvertime: -0.7,
        MentorOvertime: -0.4,
        MentorCertified: 0.8,
        MentorPerformance: 0.3,
        SameEducation: 0.4,
        InterestJaccard: 1.2,
        DropoutMenteeOvertime: 0.9,
        DropoutMenteeEngagement: -0.4);
}

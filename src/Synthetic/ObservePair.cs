using System.Numerics;

namespace MatchModels.Synthetic;

/// <summary>Computes a candidate pair's <see cref="PairObservables"/> from two drafts, as the tables would show them.</summary>
internal static class ObservePair
{
    public static PairObservables Between(DraftParticipant mentee, DraftParticipant mentor, int mentorLoad, IReadOnlyList<DraftParticipant> people)
    {
        ulong union = mentee.SkillMask | mentor.SkillMask;
        double jaccard = union == 0 ? 0.0 : (double)BitOperations.PopCount(mentee.SkillMask & mentor.SkillMask) / BitOperations.PopCount(union);
        int goals = BitOperations.PopCount((uint)mentee.TopicMask);
        double affinity = goals == 0 ? 0.0 : (double)BitOperations.PopCount((uint)(mentee.TopicMask & mentor.TopicMask)) / goals;
        bool sameLine = ReportingLine.Shared(mentee, mentor, p => p.Manager >= 0 ? people[p.Manager] : null);
        return new PairObservables(
            SkillJaccard: jaccard,
            GoalsAffinity: affinity,
            LevelGap: mentor.JobLevel - mentee.JobLevel,
            TimezoneGapH: Sites.TimezoneGapH(mentor.Site.TimezoneOffsetH, mentee.Site.TimezoneOffsetH),
            MinAvailabilityH: Math.Min(mentee.AvailabilityHPerMonth, mentor.AvailabilityHPerMonth),
            SameReportingLine: sameLine,
            SharedLanguage: (mentee.LanguageMask & mentor.LanguageMask) != 0,
            MentorLoad: mentorLoad,
            SameSite: ReferenceEquals(mentee.Site, mentor.Site));
    }
}
